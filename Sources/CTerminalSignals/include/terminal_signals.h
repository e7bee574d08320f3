#ifndef TINYLAB_TERMINAL_SIGNALS_H
#define TINYLAB_TERMINAL_SIGNALS_H

#include <stddef.h>

/*
 * Process-wide signal state for the full-screen lab. It lives in one C translation unit
 * (terminal_signals.c), so the handlers that write it and the key loop that reads it always see
 * the same variables, whatever the optimizer inlines.
 */

/* Saves the shell's tty mode and installs the quit handlers (SIGINT, SIGTERM, SIGHUP only set a
 * flag) and the crash handlers (restore the tty, then pass the signal on). Call before newterm:
 * ncurses then leaves SIGINT and SIGTERM to us. */
void tl_signals_install(void);

/* Call after newterm succeeded: `restore` (length bytes, copied) is what the crash handler writes
 * to give the terminal back without ncurses. Keeps ncurses' SIGTSTP handler (suspend) and installs
 * our SIGWINCH handler (the key reader, not ncurses, notices resizes). */
void tl_signals_screen_opened(const char *restore, size_t length);

/* Call after endwin: puts back every handler found by tl_signals_install. */
void tl_signals_uninstall(void);

/* The first of SIGINT, SIGTERM or SIGHUP caught since tl_signals_install, or 0. */
int tl_signals_caught(void);

/* Records a hang-up found by the key reader (EOF, EIO or POLLHUP on the terminal) as if SIGHUP had
 * arrived, unless another quit signal came first. */
void tl_signals_note_hangup(void);

/* Whether SIGWINCH arrived since the last call; clears the flag. */
int tl_signals_take_resize(void);

/* The size of the terminal on `fd` in cells (TIOCGWINSZ); returns 0 when it cannot be read. */
int tl_terminal_size(int fd, int *rows, int *columns);

#endif
