#include "terminal_signals.h"

#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

enum { QUIT_COUNT = 3, CRASH_COUNT = 6 };
static const int quit_signals[QUIT_COUNT] = { SIGINT, SIGTERM, SIGHUP };
static const int crash_signals[CRASH_COUNT] = { SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT };

static volatile sig_atomic_t caught;
static volatile sig_atomic_t resized;
static int installed;

static struct sigaction previous_quit[QUIT_COUNT];
static struct sigaction previous_crash[CRASH_COUNT];
static struct sigaction previous_tstp;
static struct sigaction previous_winch;
/* ncurses installs its SIGTSTP handler in the first newterm only; later screens reuse it. */
static struct sigaction ncurses_tstp;
static int ncurses_tstp_known;

static struct termios shell_termios;
static volatile sig_atomic_t shell_termios_saved;
static char restore_sequence[512];
static volatile sig_atomic_t restore_length;

static void on_quit_signal(int number) {
    if (caught == 0) caught = number;
}

static void on_resize_signal(int number) {
    (void)number;
    resized = 1;
}

/* Puts the tty back into the mode it had before the screen opened; async-signal-safe. */
static void restore_tty_from_signal(void) {
    if (restore_length > 0) {
        ssize_t ignored = write(STDOUT_FILENO, restore_sequence, (size_t)restore_length);
        (void)ignored;
    }
    if (shell_termios_saved) tcsetattr(STDIN_FILENO, TCSANOW, &shell_termios);
}

/* On a crash: restore the tty, then hand the signal to whoever handled it before (the Swift
 * runtime's backtracer, or the default action) so the crash report still appears, now readable. */
static void on_crash_signal(int number, siginfo_t *info, void *context) {
    restore_tty_from_signal();
    for (int i = 0; i < CRASH_COUNT; i++) {
        if (crash_signals[i] != number) continue;
        struct sigaction previous = previous_crash[i];
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

void tl_signals_install(void) {
    if (installed) return;
    caught = 0;
    resized = 0;
    restore_length = 0;
    shell_termios_saved = tcgetattr(STDIN_FILENO, &shell_termios) == 0;

    sigaction(SIGTSTP, NULL, &previous_tstp);
    sigaction(SIGWINCH, NULL, &previous_winch);

    struct sigaction quit;
    memset(&quit, 0, sizeof quit);
    quit.sa_handler = on_quit_signal;
    sigemptyset(&quit.sa_mask);
    for (int i = 0; i < QUIT_COUNT; i++) sigaction(quit_signals[i], &quit, &previous_quit[i]);

    struct sigaction crash;
    memset(&crash, 0, sizeof crash);
    crash.sa_sigaction = on_crash_signal;
    crash.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&crash.sa_mask);
    for (int i = 0; i < CRASH_COUNT; i++) sigaction(crash_signals[i], &crash, &previous_crash[i]);

    installed = 1;
}

void tl_signals_screen_opened(const char *restore, size_t length) {
    restore_length = 0;
    if (restore != NULL && length <= sizeof restore_sequence) {
        memcpy(restore_sequence, restore, length);
        restore_length = (sig_atomic_t)length;
    }
    if (ncurses_tstp_known) {
        sigaction(SIGTSTP, &ncurses_tstp, NULL);
    } else {
        sigaction(SIGTSTP, NULL, &ncurses_tstp);
        ncurses_tstp_known = 1;
    }
    struct sigaction winch;
    memset(&winch, 0, sizeof winch);
    winch.sa_handler = on_resize_signal;
    sigemptyset(&winch.sa_mask);
    sigaction(SIGWINCH, &winch, NULL);
}

void tl_signals_uninstall(void) {
    if (!installed) return;
    restore_length = 0;
    for (int i = 0; i < CRASH_COUNT; i++) sigaction(crash_signals[i], &previous_crash[i], NULL);
    sigaction(SIGTSTP, &previous_tstp, NULL);
    sigaction(SIGWINCH, &previous_winch, NULL);
    for (int i = 0; i < QUIT_COUNT; i++) sigaction(quit_signals[i], &previous_quit[i], NULL);
    installed = 0;
}

int tl_signals_caught(void) { return caught; }

void tl_signals_note_hangup(void) {
    if (caught == 0) caught = SIGHUP;
}

int tl_signals_take_resize(void) {
    if (!resized) return 0;
    resized = 0;
    return 1;
}

int tl_terminal_size(int fd, int *rows, int *columns) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0 || size.ws_row == 0 || size.ws_col == 0) return 0;
    *rows = size.ws_row;
    *columns = size.ws_col;
    return 1;
}
