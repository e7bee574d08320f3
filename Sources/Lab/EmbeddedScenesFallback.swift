#if TINYLAB_WITHOUT_EMBEDDED_SCENES
/// The fuzzers' build has no built-in scenes (see `embedsScenes` in Package.swift).
enum EmbeddedScenes {
    static let files: [(name: String, text: String)] = []
    static let lessons: [(name: String, text: String)] = []
}
#endif
