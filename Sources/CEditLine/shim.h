#include <stdio.h>
#include <editline/readline.h>

// Swift cannot touch C mutable globals under Swift 6, so the few that the REPL needs are
// wrapped here.
static inline void dnet_rl_set_completer(rl_completion_func_t *fn) {
    rl_attempted_completion_function = fn;
}
/// Words for completion break at blanks, quotes, `(`, `;` and `|`. A C literal, because
/// libedit keeps the pointer.
static inline void dnet_rl_set_word_breaks(void) {
    rl_basic_word_break_characters = " \t\n\"'(;|";
}
/// The line typed so far, up to the cursor.
static inline const char *dnet_rl_line_buffer(void) { return rl_line_buffer; }
static inline int dnet_rl_point(void) { return rl_point; }
/// Tells readline not to fall back to file-name completion when we found nothing.
static inline void dnet_rl_completion_over(void) { rl_attempted_completion_over = 1; }
