#ifndef TINYLAB_CNCURSES_SHIM_H
#define TINYLAB_CNCURSES_SHIM_H
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <curses.h>

/* Macros and globals that Swift cannot import directly. */

static inline int tl_getmaxy(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)x; return y; }
static inline int tl_getmaxx(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)y; return x; }
static inline attr_t tl_a_bold(void) { return A_BOLD; }
static inline attr_t tl_a_reverse(void) { return A_REVERSE; }
static inline attr_t tl_a_dim(void) { return A_DIM; }
static inline attr_t tl_a_normal(void) { return A_NORMAL; }
static inline int tl_color_pair(int n) { return COLOR_PAIR(n); }
static inline WINDOW *tl_stdscr(void) { return stdscr; }
static inline WINDOW *tl_curscr(void) { return curscr; }
static inline int tl_colors(void) { return COLORS; }
static inline int tl_color_pairs(void) { return COLOR_PAIRS; }
static inline FILE *tl_stdout(void) { return stdout; }
static inline FILE *tl_stdin(void) { return stdin; }
static inline int tl_key_resize(void) { return KEY_RESIZE; }
static inline int tl_key_right(void) { return KEY_RIGHT; }
static inline int tl_key_left(void) { return KEY_LEFT; }
static inline int tl_key_up(void) { return KEY_UP; }
static inline int tl_key_down(void) { return KEY_DOWN; }
static inline int tl_key_enter(void) { return KEY_ENTER; }
static inline int tl_key_backspace(void) { return KEY_BACKSPACE; }
static inline int tl_key_code_yes(void) { return KEY_CODE_YES; }
static inline int tl_err(void) { return ERR; }
static inline int tl_wcwidth(wchar_t c) { return wcwidth(c); }

/*
 * Signal state.
 *
 * The state lives in a function-local static (Swift's importer does not emit file-scope statics
 * without initializers). A static inline function imported into Swift is emitted into every
 * object file that calls it, each with its own copy of that state, so these functions must be
 * called from one Swift source file only (Sources/Terminal/Signals.swift).
 */

enum { TL_QUIT_SIGNAL_COUNT = 3, TL_CRASH_SIGNAL_COUNT = 6, TL_JOB_SIGNAL_COUNT = 2 };
static const int tl_quit_signals[TL_QUIT_SIGNAL_COUNT] = { SIGINT, SIGTERM, SIGHUP };
static const int tl_crash_signals[TL_CRASH_SIGNAL_COUNT] = {
    SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT
};
/* ncurses installs handlers for these in newterm; they must not outlive the screen. */
static const int tl_job_signals[TL_JOB_SIGNAL_COUNT] = { SIGTSTP, SIGWINCH };

struct tl_signal_state {
    /* The first of SIGINT, SIGTERM or SIGHUP caught since tl_signals_install, or 0. */
    volatile sig_atomic_t caught;
    volatile sig_atomic_t installed;
    struct sigaction previous_quit[TL_QUIT_SIGNAL_COUNT];
    struct sigaction previous_crash[TL_CRASH_SIGNAL_COUNT];
    struct sigaction previous_job[TL_JOB_SIGNAL_COUNT];
    /* ncurses installs its job-control handlers in the first newterm only; later screens reuse them. */
    struct sigaction ncurses_job[TL_JOB_SIGNAL_COUNT];
    int ncurses_job_known;
    /* What a crash handler needs to give the terminal back without calling into ncurses. */
    struct termios shell_termios;
    volatile sig_atomic_t shell_termios_saved;
    char restore_sequence[256];
    volatile sig_atomic_t restore_length;
};

static inline struct tl_signal_state *tl_signal_state(void) {
    static struct tl_signal_state state;
    return &state;
}

static inline void tl_on_quit_signal(int number) {
    struct tl_signal_state *state = tl_signal_state();
    if (state->caught == 0) state->caught = number;
}

/* Puts the tty back into the mode it had before the screen opened; async-signal-safe. */
static inline void tl_restore_tty_from_signal(void) {
    struct tl_signal_state *state = tl_signal_state();
    if (state->restore_length > 0) {
        ssize_t ignored = write(STDOUT_FILENO, state->restore_sequence, (size_t)state->restore_length);
        (void)ignored;
    }
    if (state->shell_termios_saved) tcsetattr(STDIN_FILENO, TCSANOW, &state->shell_termios);
}

/*
 * On a crash: restore the tty, then hand the signal to whoever handled it before (the Swift
 * runtime's backtracer, or the default action) so the crash report still appears, now readable.
 */
static inline void tl_on_crash_signal(int number, siginfo_t *info, void *context) {
    tl_restore_tty_from_signal();
    for (int i = 0; i < TL_CRASH_SIGNAL_COUNT; i++) {
        if (tl_crash_signals[i] != number) continue;
        struct sigaction previous = tl_signal_state()->previous_crash[i];
        sigaction(number, &previous, NULL);
        if ((previous.sa_flags & SA_SIGINFO) && previous.sa_sigaction != NULL) {
            previous.sa_sigaction(number, info, context);
        } else if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN) {
            previous.sa_handler(number);
        } else if (info == NULL || info->si_code <= 0) {
            raise(number);
        }
        return;
    }
}

/* Appends the terminfo string `name` (if the terminal has it) to the crash restore sequence. */
static inline void tl_append_terminfo_string(const char *name) {
    struct tl_signal_state *state = tl_signal_state();
    char *value = tigetstr(name);
    if (value == NULL || value == (char *)-1) return;
    size_t length = strlen(value);
    size_t used = (size_t)state->restore_length;
    if (used + length > sizeof state->restore_sequence) return;
    memcpy(state->restore_sequence + used, value, length);
    state->restore_length = (sig_atomic_t)(used + length);
}

/*
 * Call before newterm: saves the shell's tty mode and installs the quit and crash handlers.
 * They go in first so that ncurses, which claims SIGINT and SIGTERM only while they are still
 * SIG_DFL, leaves them to us.
 */
static inline void tl_signals_install(void) {
    struct tl_signal_state *state = tl_signal_state();
    if (state->installed) return;
    state->caught = 0;
    state->restore_length = 0;
    state->shell_termios_saved = tcgetattr(STDIN_FILENO, &state->shell_termios) == 0;

    for (int i = 0; i < TL_JOB_SIGNAL_COUNT; i++)
        sigaction(tl_job_signals[i], NULL, &state->previous_job[i]);

    struct sigaction quit;
    memset(&quit, 0, sizeof quit);
    quit.sa_handler = tl_on_quit_signal;
    sigemptyset(&quit.sa_mask);
    for (int i = 0; i < TL_QUIT_SIGNAL_COUNT; i++)
        sigaction(tl_quit_signals[i], &quit, &state->previous_quit[i]);

    struct sigaction crash;
    memset(&crash, 0, sizeof crash);
    crash.sa_sigaction = tl_on_crash_signal;
    crash.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&crash.sa_mask);
    for (int i = 0; i < TL_CRASH_SIGNAL_COUNT; i++)
        sigaction(tl_crash_signals[i], &crash, &state->previous_crash[i]);

    state->installed = 1;
}

/*
 * Call after newterm succeeded: records how to leave full-screen mode without ncurses, and makes
 * sure ncurses' own SIGTSTP and SIGWINCH handlers are in place (suspend and resize).
 */
static inline void tl_signals_after_newterm(void) {
    struct tl_signal_state *state = tl_signal_state();
    state->restore_length = 0;
    tl_append_terminfo_string("sgr0");
    tl_append_terminfo_string("cnorm");
    tl_append_terminfo_string("rmcup");
    for (int i = 0; i < TL_JOB_SIGNAL_COUNT; i++) {
        if (state->ncurses_job_known)
            sigaction(tl_job_signals[i], &state->ncurses_job[i], NULL);
        else
            sigaction(tl_job_signals[i], NULL, &state->ncurses_job[i]);
    }
    state->ncurses_job_known = 1;
}

/* Call after endwin: puts back every handler that was there before tl_signals_install. */
static inline void tl_signals_uninstall(void) {
    struct tl_signal_state *state = tl_signal_state();
    if (!state->installed) return;
    state->restore_length = 0;
    for (int i = 0; i < TL_CRASH_SIGNAL_COUNT; i++)
        sigaction(tl_crash_signals[i], &state->previous_crash[i], NULL);
    for (int i = 0; i < TL_JOB_SIGNAL_COUNT; i++)
        sigaction(tl_job_signals[i], &state->previous_job[i], NULL);
    for (int i = 0; i < TL_QUIT_SIGNAL_COUNT; i++)
        sigaction(tl_quit_signals[i], &state->previous_quit[i], NULL);
    state->installed = 0;
}

static inline int tl_caught_signal(void) { return tl_signal_state()->caught; }

#endif
