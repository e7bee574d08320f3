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
static inline int tl_err(void) { return ERR; }
static inline int tl_wcwidth(wchar_t c) { return wcwidth(c); }

/* From <term.h>, which is not included: its capability macros (`lines`, `columns`, …) would
 * shadow ordinary names. */
extern char *tgoto(const char *capability, int column, int row);


#endif
