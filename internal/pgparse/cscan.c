// Scan with Postgres' scanner, writing each token's extent and number to a
// plain array.
//
// pg_query_scan (pg_query.Scan) scans the text twice, allocates each token,
// packs them as protobuf and redirects stderr through a pipe around it (six
// system calls, process-wide); for a file with syntax errors, which lint
// splits with the scanner, that cost more than its parse. rb_scan runs the
// same scanner loop once (scanner_init, core_yylex, scanner_finish, as
// pg_query_scan does) and writes (start, end, token) triples. It knows the
// layout of core_yy_extra_type (PostgreSQL 17 with libpg_query's yyllocend)
// and of the start of flex's scanner state; rb_scan checks the former on
// every call, and pgparse compares its tokens with pg_query_scan's on sample
// text before the first use (cscan.go). A scanner error (an unterminated
// literal) returns -1 and the caller asks pg_query_scan for the message.

//go:build unix

#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

// core_yy_extra_type, as in PostgreSQL 17's parser/scanner.h with
// libpg_query's yyllocend.
typedef struct {
	char *scanbuf;
	size_t scanbuflen;
	const void *keywordlist;
	const uint16_t *keyword_tokens;
	int backslash_quote;
	_Bool escape_string_warning;
	_Bool standard_conforming_strings;
	char *literalbuf;
	int literallen;
	int literalalloc;
	int state_before_str_stop;
	int xcdepth;
	char *dolqstart;
	int save_yylloc;
	int32_t utf16_first_part;
	_Bool warn_on_first_escape;
	_Bool saw_non_ascii;
	int yyllocend;
} RbYyExtra;

// The start of flex's scanner state, as pg_query_scan.c declares it, for
// the length of the last token.
struct rb_yyguts {
	void *yyextra_r;
	void *yyin_r, *yyout_r;
	size_t yy_buffer_stack_top;
	size_t yy_buffer_stack_max;
	void *yy_buffer_stack;
	char yy_hold_char;
	size_t yy_n_chars;
	size_t yyleng_r;
};

typedef union {
	int ival;
	char *str;
	const char *keyword;
} RbYyStype;

struct rb_kwlist;
extern const struct rb_kwlist ScanKeywords;
extern const uint16_t ScanKeywordTokens[];
extern void *scanner_init(const char *str, RbYyExtra *yyext, const struct rb_kwlist *keywordlist,
			  const uint16_t *keyword_tokens);
extern void scanner_finish(void *yyscanner);
extern int core_yylex(RbYyStype *lvalp, int *llocp, void *yyscanner);
extern __thread sigjmp_buf *PG_exception_stack;
extern __thread void *error_context_stack;
extern void FlushErrorState(void);
extern void *pg_query_enter_memory_context(void);
extern void pg_query_exit_memory_context(void *ctx);

// Token numbers whose end is the scanner's yyllocend (strings, identifiers,
// C comments), set by the caller (rb_scan_tokens) from pg_query_go's enum.
static int ends_at_llocend[8];
static int n_ends_at_llocend;

void rb_scan_tokens(const int *toks, int n)
{
	if (n > 8)
		n = 8;
	for (int i = 0; i < n; i++)
		ends_at_llocend[i] = toks[i];
	n_ends_at_llocend = n;
}

// rb_scan scans input (len bytes, NUL-terminated) and returns the number
// of tokens, with *out a malloc'd array of 3 int32 per token (start, end,
// token; the caller frees it); -1 on a scanner error or an unexpected
// layout, -2 when out of memory.
int rb_scan(const char *input, size_t len, int32_t **out)
{
	*out = NULL;
	void *ctx = pg_query_enter_memory_context();
	RbYyExtra yyextra;
	memset(&yyextra, 0, sizeof yyextra);
	int32_t *toks = NULL;
	size_t n = 0, cap = 0;
	int ret = 0;
	sigjmp_buf local;
	sigjmp_buf *volatile save_stack = PG_exception_stack;
	void *volatile save_ctx = error_context_stack;
	// volatile: they change between sigsetjmp and a longjmp back to it
	int32_t *volatile vtoks = NULL;
	void *volatile scanner = NULL;
	if (sigsetjmp(local, 0) == 0) {
		PG_exception_stack = &local;
		scanner = scanner_init(input, &yyextra, &ScanKeywords, ScanKeywordTokens);
		if (yyextra.scanbuflen != len || yyextra.keywordlist != (const void *)&ScanKeywords ||
		    yyextra.keyword_tokens != ScanKeywordTokens) {
			ret = -1;
		} else {
			// as pg_query_scan: no warnings (they would go to stderr)
			yyextra.escape_string_warning = 0;
			for (;;) {
				RbYyStype lval;
				int lloc = 0;
				int tok = core_yylex(&lval, &lloc, scanner);
				if (tok == 0)
					break;
				if (n + 3 > cap) {
					size_t c = cap ? cap * 2 : 3 * 256;
					int32_t *t = realloc(toks, c * sizeof *t);
					if (t == NULL) {
						ret = -2;
						break;
					}
					toks = t;
					vtoks = t;
					cap = c;
				}
				int end = lloc + (int)((struct rb_yyguts *)scanner)->yyleng_r;
				for (int i = 0; i < n_ends_at_llocend; i++)
					if (tok == ends_at_llocend[i])
						end = yyextra.yyllocend;
				toks[n] = lloc;
				toks[n + 1] = end;
				toks[n + 2] = tok;
				n += 3;
			}
		}
		scanner_finish(scanner);
	} else {
		// a scanner error: ereport(ERROR) jumped back here
		FlushErrorState();
		toks = vtoks;
		ret = -1;
	}
	PG_exception_stack = save_stack;
	error_context_stack = save_ctx;
	pg_query_exit_memory_context(ctx);
	if (ret < 0) {
		free(toks);
		return ret;
	}
	*out = toks;
	return (int)(n / 3);
}
