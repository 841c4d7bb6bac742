// Parse to JSON, writing less of the statements lint does not read.
//
// libpg_query's JSON writer formats every field with printf and writes
// every node; for a SELECT, an INSERT … VALUES or an UPDATE, migration lint
// reads the table and the column names only (see jsondec_skim.go). This
// file calls libpg_query's raw parser and writes the same JSON as
// pg_query_parse, except that it leaves out, per statement:
//
//   SELECT (without INTO)           everything: {"SelectStmt":{}}
//   INSERT                          the SELECT/VALUES, ON CONFLICT, RETURNING, WITH
//   UPDATE                          FROM, RETURNING, WITH
//   DELETE                          USING, RETURNING, WITH; WHERE as for UPDATE
//   EXPLAIN, MERGE                  everything: {"ExplainStmt":{}}, {"MergeStmt":{}}
//   CREATE VIEW, CREATE TABLE AS,   the query
//   CREATE MATERIALIZED VIEW
//   the kinds pgparse translates    everything: {"GrantStmt":{}}; pgparse names them
//   to sqlast.Other (GRANT, …)      with a sample statement each (bareSamples)
//
// It knows the layout of these few parse nodes (PostgreSQL 17, as
// pg_query_go v6 compiles it). rb_skim_check validates that layout on
// sample statements before the first use, and every statement is checked
// again (the node tags of the fields it clears); anything unexpected
// writes the statement whole. pgparse's Go side compares the result with
// the ordinary JSON output on samples too (cparse.go).

//go:build unix

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

// libpg_query's own declarations, as in pg_query.h and pg_query_internal.h.
typedef struct {
	char *message;
	char *funcname;
	char *filename;
	int lineno;
	int cursorpos;
	char *context;
} RbPgQueryError;

typedef struct {
	void *tree;
	char *stderr_buffer;
	RbPgQueryError *error;
} RbParsetreeAndError;

extern RbParsetreeAndError pg_query_raw_parse(const char *input, int parser_options);
extern void *pg_query_enter_memory_context(void);
extern void pg_query_exit_memory_context(void *ctx);
extern char *pg_query_node_to_json(const void *obj);
extern char *pg_query_nodes_to_json(const void *obj);
extern void pg_query_free_error(RbPgQueryError *error);
extern void pfree(void *pointer);
extern void MemoryContextReset(void *context);

// The parse nodes, as in PostgreSQL 17's nodes/pg_list.h and
// nodes/parsenodes.h (only the fields used; NodeTag is an int enum).
typedef struct {
	int type;
} RbNode;
typedef union {
	void *ptr_value;
	int int_value;
} RbListCell;
typedef struct {
	int type;
	int length;
	int max_length;
	RbListCell *elements;
} RbList;
typedef struct {
	int type;
	RbNode *stmt;
	int stmt_location;
	int stmt_len;
} RbRawStmt;
typedef struct {
	int type;
	RbList *distinctClause;
	RbNode *intoClause;
	RbList *targetList;
} RbSelectStmt;
typedef struct {
	int type;
	RbNode *relation;
	RbList *cols;
	RbNode *selectStmt;
	RbNode *onConflictClause;
	RbList *returningList;
	RbNode *withClause;
} RbInsertStmt;
typedef struct {
	int type;
	RbNode *relation;
	RbList *targetList;
	RbNode *whereClause;
	RbList *fromClause;
	RbList *returningList;
	RbNode *withClause;
} RbUpdateStmt;
typedef struct {
	int type;
	RbNode *relation;
	RbList *usingClause;
	RbNode *whereClause;
	RbList *returningList;
	RbNode *withClause;
} RbDeleteStmt;
typedef struct {
	int type;
	RbNode *view;
	RbList *aliases;
	RbNode *query;
} RbViewStmt;
typedef struct {
	int type;
	RbNode *query;
	RbNode *into;
} RbCreateTableAsStmt;
typedef struct {
	int type;
	char *name;
	RbList *indirection;
	RbNode *val;
	int location;
} RbResTarget;

// Node tags, learned from sample statements by rb_skim_check; skimming
// is on only when every one of them is known and the samples check out.
static int tag_list, tag_select, tag_insert, tag_update, tag_delete, tag_explain, tag_merge,
	tag_rangevar, tag_restarget, tag_into, tag_with, tag_onconflict, tag_view, tag_ctas;
static int skim_ok;

// The statement kinds written bare ({"GrantStmt":{}}): their node tag and
// that JSON, learned from the caller's samples by rb_skim_check.
#define RB_MAX_BARE 64
static int bare_tag[RB_MAX_BARE];
static char bare_json[RB_MAX_BARE][64];
static int n_bare;
static int version_num;

// buf is a growable output buffer.
typedef struct {
	char *data;
	size_t len, cap;
	int oom;
} buf;

static void put(buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t c = b->cap ? b->cap * 2 : 4096;
		while (c < b->len + n + 1)
			c *= 2;
		char *d = realloc(b->data, c);
		if (d == NULL) {
			b->oom = 1;
			return;
		}
		b->data = d;
		b->cap = c;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = 0;
}

static void puts_(buf *b, const char *s) { put(b, s, strlen(s)); }

static void putint(buf *b, int v)
{
	char tmp[16];
	int n = 0, neg = v < 0;
	unsigned u = neg ? 0u - (unsigned)v : (unsigned)v;
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (neg)
		tmp[n++] = '-';
	char out[16];
	for (int i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	put(b, out, (size_t)n);
}

// putnode writes node as pg_query_node_to_json does.
static void putnode(buf *b, const void *node)
{
	char *s = pg_query_node_to_json(node);
	puts_(b, s);
	pfree(s);
}

static int tag(const void *n) { return n ? ((const RbNode *)n)->type : 0; }

// list_ok: l is NULL or a list whose cells hold nodes of tag want (0: any).
static int list_ok(const RbList *l, int want)
{
	if (l == NULL)
		return 1;
	if (l->type != tag_list || l->length < 0 || (l->length > 0 && l->elements == NULL))
		return 0;
	for (int i = 0; i < l->length; i++)
		if (want && tag(l->elements[i].ptr_value) != want)
			return 0;
	return 1;
}

// putstmt writes one statement, skimmed when it is of a kind above and
// looks as expected.
static void putstmt(buf *b, RbNode *stmt, int skim)
{
	int t = tag(stmt);
	if (!skim || stmt == NULL) {
		putnode(b, stmt);
		return;
	}
	for (int i = 0; i < n_bare; i++) {
		if (t == bare_tag[i]) {
			puts_(b, bare_json[i]);
			return;
		}
	}
	if (t == tag_select) {
		if (((RbSelectStmt *)stmt)->intoClause == NULL) {
			puts_(b, "{\"SelectStmt\":{}}");
			return;
		}
	} else if (t == tag_view) {
		RbViewStmt *s = (RbViewStmt *)stmt;
		if (tag(s->view) == tag_rangevar && list_ok(s->aliases, 0) && tag(s->query) == tag_select)
			s->query = NULL;
	} else if (t == tag_ctas) {
		RbCreateTableAsStmt *s = (RbCreateTableAsStmt *)stmt;
		if (tag(s->into) == tag_into && tag(s->query) == tag_select)
			s->query = NULL;
	} else if (t == tag_explain) {
		puts_(b, "{\"ExplainStmt\":{}}");
		return;
	} else if (t == tag_merge) {
		puts_(b, "{\"MergeStmt\":{}}");
		return;
	} else if (t == tag_insert) {
		RbInsertStmt *s = (RbInsertStmt *)stmt;
		if (tag(s->relation) == tag_rangevar && list_ok(s->cols, tag_restarget) &&
		    (s->selectStmt == NULL || tag(s->selectStmt) == tag_select) &&
		    (s->onConflictClause == NULL || tag(s->onConflictClause) == tag_onconflict) &&
		    list_ok(s->returningList, 0) && (s->withClause == NULL || tag(s->withClause) == tag_with)) {
			s->selectStmt = NULL;
			s->onConflictClause = NULL;
			s->returningList = NULL;
			s->withClause = NULL;
		}
	} else if (t == tag_update) {
		RbUpdateStmt *s = (RbUpdateStmt *)stmt;
		if (tag(s->relation) == tag_rangevar && list_ok(s->targetList, tag_restarget) &&
		    list_ok(s->fromClause, 0) && list_ok(s->returningList, 0) &&
		    (s->withClause == NULL || tag(s->withClause) == tag_with)) {
			// the assigned values and the WHERE stay: translate reads the
			// constants a data migration rewrites and the JSON keys it
			// renames (update.go)
			s->fromClause = NULL;
			s->returningList = NULL;
			s->withClause = NULL;
		}
	} else if (t == tag_delete) {
		RbDeleteStmt *s = (RbDeleteStmt *)stmt;
		if (tag(s->relation) == tag_rangevar && list_ok(s->usingClause, 0) && list_ok(s->returningList, 0) &&
		    (s->withClause == NULL || tag(s->withClause) == tag_with)) {
			if (s->whereClause)
				s->whereClause = s->relation;
			s->usingClause = NULL;
			s->returningList = NULL;
			s->withClause = NULL;
		}
	}
	putnode(b, stmt);
}

// putraw writes one raw statement as pg_query_nodes_to_json does.
static void putraw(buf *b, const RbRawStmt *rs, int skim)
{
	puts_(b, "{");
	int any = 0;
	if (rs->stmt) {
		puts_(b, "\"stmt\":");
		putstmt(b, rs->stmt, skim);
		any = 1;
	}
	if (rs->stmt_location != 0) {
		puts_(b, any ? ",\"stmt_location\":" : "\"stmt_location\":");
		putint(b, rs->stmt_location);
		any = 1;
	}
	if (rs->stmt_len != 0) {
		puts_(b, any ? ",\"stmt_len\":" : "\"stmt_len\":");
		putint(b, rs->stmt_len);
	}
	puts_(b, "}");
}

// rb_parse parses input and returns its JSON (malloc'd, *len bytes; the
// caller frees it), skimmed when skim is set and the layout checked out;
// NULL with *err set on a syntax error (free it with pg_query_free_error),
// NULL with *err NULL when out of memory.
char *rb_parse(const char *input, int skim, RbPgQueryError **err, size_t *len)
{
	*err = NULL;
	*len = 0;
	skim = skim && skim_ok;
	void *ctx = pg_query_enter_memory_context();
	RbParsetreeAndError r = pg_query_raw_parse(input, 0);
	if (r.stderr_buffer)
		free(r.stderr_buffer);
	if (r.error) {
		*err = r.error;
		pg_query_exit_memory_context(ctx);
		return NULL;
	}
	buf b = {0};
	const RbList *l = (const RbList *)r.tree;
	if (l == NULL) {
		puts_(&b, "{\"version\":");
		putint(&b, version_num);
		puts_(&b, ",\"stmts\":[]}");
	} else {
		puts_(&b, "{\"version\":");
		putint(&b, version_num);
		puts_(&b, ",\"stmts\":[");
		for (int i = 0; i < l->length; i++) {
			if (i > 0)
				puts_(&b, ",");
			putraw(&b, (RbRawStmt *)l->elements[i].ptr_value, skim);
		}
		puts_(&b, "]}");
	}
	pg_query_exit_memory_context(ctx);
	if (b.oom) {
		free(b.data);
		return NULL;
	}
	*len = b.len;
	return b.data;
}

// stmt_at returns the i-th raw statement's node of a parse of sql (in the
// current memory context), NULL when it does not parse.
static RbNode *stmt_at(const char *sql, int i)
{
	RbParsetreeAndError r = pg_query_raw_parse(sql, 0);
	if (r.stderr_buffer)
		free(r.stderr_buffer);
	if (r.error) {
		pg_query_free_error(r.error);
		return NULL;
	}
	RbList *l = (RbList *)r.tree;
	if (l == NULL || i >= l->length)
		return NULL;
	return ((RbRawStmt *)l->elements[i].ptr_value)->stmt;
}

// bare_learn learns the node tag and the JSON name of the statement of
// sample; false when it does not parse as one statement or its JSON does not
// start as expected.
static int bare_learn(const char *sample, int *tagp, char *json, size_t cap)
{
	RbNode *st = stmt_at(sample, 0);
	if (st == NULL || st->type <= 0)
		return 0;
	char *js = pg_query_node_to_json(st);
	int ok = 0;
	if (strncmp(js, "{\"", 2) == 0) {
		const char *e = strchr(js + 2, '"');
		size_t n = e ? (size_t)(e - js) + 1 : 0; // {"Name"
		if (n > 3 && n + 5 < cap && strncmp(e, "\":{", 3) == 0) {
			memcpy(json, js, n);
			memcpy(json + n, ":{}}", 5);
			*tagp = st->type;
			ok = 1;
		}
	}
	pfree(js);
	return ok;
}

// rb_skim_check learns the node tags and checks the layout above on sample
// statements; it returns whether skimming can be used. bare holds nbare
// sample statements of the kinds written bare (a sample that does not
// check out leaves its kind whole). Not thread-safe: the caller runs it
// once before any rb_parse.
int rb_skim_check(const char **bare, int nbare)
{
	void *ctx = pg_query_enter_memory_context();
	char *v = pg_query_nodes_to_json(NULL); // {"version":N,"stmts":[]}
	if (strncmp(v, "{\"version\":", 11) == 0)
		version_num = atoi(v + 11);
	pfree(v);
	int ok = version_num > 0;

	RbParsetreeAndError r = pg_query_raw_parse("SELECT 1", 0);
	if (r.stderr_buffer)
		free(r.stderr_buffer);
	if (r.error) {
		pg_query_free_error(r.error);
		ok = 0;
	} else {
		tag_list = tag(r.tree);
	}
	RbSelectStmt *sel = ok ? (RbSelectStmt *)stmt_at("SELECT 1", 0) : NULL;
	RbSelectStmt *into = ok ? (RbSelectStmt *)stmt_at("SELECT 1 AS a INTO rb_t", 0) : NULL;
	RbInsertStmt *ins = ok ? (RbInsertStmt *)stmt_at(
		"WITH w AS (SELECT 1) INSERT INTO rb_t (a) SELECT 1 ON CONFLICT DO NOTHING RETURNING a", 0) : NULL;
	RbUpdateStmt *upd = ok ? (RbUpdateStmt *)stmt_at(
		"WITH w AS (SELECT 1) UPDATE rb_t SET a = 1, b = 2 FROM rb_u WHERE true RETURNING a", 0) : NULL;
	RbDeleteStmt *del = ok ? (RbDeleteStmt *)stmt_at(
		"WITH w AS (SELECT 1) DELETE FROM rb_t USING rb_u WHERE true RETURNING a", 0) : NULL;
	RbNode *expl = ok ? stmt_at("EXPLAIN SELECT 1", 0) : NULL;
	RbNode *merge = ok ? stmt_at("MERGE INTO rb_t USING rb_u ON true WHEN MATCHED THEN DELETE", 0) : NULL;
	RbViewStmt *view = ok ? (RbViewStmt *)stmt_at("CREATE VIEW rb_v (a) AS SELECT 1", 0) : NULL;
	RbCreateTableAsStmt *ctas = ok ? (RbCreateTableAsStmt *)stmt_at("CREATE MATERIALIZED VIEW rb_m AS SELECT 1", 0) : NULL;
	if (!sel || !into || !ins || !upd || !del || !expl || !merge || !view || !ctas) {
		ok = 0;
	} else {
		tag_select = tag(sel);
		tag_insert = tag(ins);
		tag_update = tag(upd);
		tag_delete = tag(del);
		tag_explain = tag(expl);
		tag_merge = tag(merge);
		tag_rangevar = tag(ins->relation);
		tag_with = tag(ins->withClause);
		tag_onconflict = tag(ins->onConflictClause);
		tag_into = tag(into->intoClause);
		tag_restarget = ins->cols && ins->cols->length == 1 ? tag(ins->cols->elements[0].ptr_value) : 0;
		tag_view = tag(view);
		tag_ctas = tag(ctas);
		int tags[] = {tag_list, tag_select, tag_insert, tag_update, tag_delete, tag_explain, tag_merge,
			      tag_rangevar, tag_restarget, tag_into, tag_with, tag_onconflict, tag_view, tag_ctas};
		int n = (int)(sizeof tags / sizeof tags[0]);
		for (int i = 0; i < n; i++)
			for (int j = 0; j < i; j++)
				if (tags[i] <= 0 || tags[i] == tags[j])
					ok = 0;
		RbResTarget *rt = tag_restarget ? (RbResTarget *)ins->cols->elements[0].ptr_value : NULL;
		ok = ok && sel->intoClause == NULL && sel->distinctClause == NULL && list_ok(sel->targetList, tag_restarget) &&
		     into->intoClause != NULL && list_ok(into->targetList, tag_restarget) &&
		     tag(ins->selectStmt) == tag_select && list_ok(ins->returningList, tag_restarget) &&
		     rt != NULL && rt->name != NULL && strcmp(rt->name, "a") == 0 && rt->val == NULL && rt->indirection == NULL &&
		     tag(upd->relation) == tag_rangevar && list_ok(upd->targetList, tag_restarget) && upd->targetList &&
		     upd->targetList->length == 2 && upd->whereClause != NULL && list_ok(upd->fromClause, tag_rangevar) &&
		     upd->fromClause && list_ok(upd->returningList, tag_restarget) && tag(upd->withClause) == tag_with &&
		     tag(del->relation) == tag_rangevar && list_ok(del->usingClause, tag_rangevar) && del->usingClause &&
		     del->whereClause != NULL && list_ok(del->returningList, tag_restarget) && tag(del->withClause) == tag_with;
		ok = ok && tag(view->view) == tag_rangevar && list_ok(view->aliases, 0) && view->aliases &&
		     view->aliases->length == 1 && tag(view->query) == tag_select && tag(ctas->query) == tag_select &&
		     tag(ctas->into) == tag_into;
		if (ok) {
			RbResTarget *u0 = (RbResTarget *)upd->targetList->elements[0].ptr_value;
			ok = u0->name != NULL && strcmp(u0->name, "a") == 0 && u0->val != NULL && u0->location > 0;
		}
		// the kinds written bare: each tag once, none of the above
		n_bare = 0;
		for (int i = 0; ok && i < nbare && n_bare < RB_MAX_BARE; i++) {
			int bt = 0;
			if (!bare_learn(bare[i], &bt, bare_json[n_bare], sizeof bare_json[n_bare]))
				continue;
			int dup = 0;
			for (int j = 0; j < n; j++)
				dup = dup || tags[j] == bt;
			for (int j = 0; j < n_bare; j++)
				dup = dup || bare_tag[j] == bt;
			if (!dup)
				bare_tag[n_bare++] = bt;
		}
	}
	pg_query_exit_memory_context(ctx);
	skim_ok = ok;
	return ok;
}

// rb_parse_pieces parses n pieces of text, each alone, as rb_parse would
// parse text[bounds[2i]:bounds[2i+1]] (a statement the caller split off
// with the scanner): one call into C for the statements of a file with
// syntax errors, each parsed once. It returns one JSON parse result holding
// the raw statements of the pieces that parse, in order (malloc'd, *len
// bytes; the caller frees it). For piece i, res[3i] is its number of
// statements, or -1 when it does not parse: then res[3i+1] is the error's
// cursor position and res[3i+2] the offset of its message (NUL-terminated)
// in *errs (*errlen bytes, malloc'd: the caller frees it). NULL when out of memory or when
// skimming's layout checks failed (the caller parses another way).
char *rb_parse_pieces(const char *text, const int32_t *bounds, int n, int skim, int32_t *res, char **errs, size_t *errlen, size_t *len)
{
	*len = 0;
	*errs = NULL;
	*errlen = 0;
	if (!skim_ok)
		return NULL;
	buf b = {0}, e = {0}, piece = {0};
	void *ctx = pg_query_enter_memory_context();
	puts_(&b, "{\"version\":");
	putint(&b, version_num);
	puts_(&b, ",\"stmts\":[");
	int nout = 0;
	for (int i = 0; i < n && !b.oom && !e.oom && !piece.oom; i++) {
		// the parser reads a NUL-terminated string
		piece.len = 0;
		put(&piece, text + bounds[2 * i], (size_t)(bounds[2 * i + 1] - bounds[2 * i]));
		if (piece.oom)
			break;
		RbParsetreeAndError r = pg_query_raw_parse(piece.data, 0);
		if (r.stderr_buffer)
			free(r.stderr_buffer);
		if (r.error) {
			res[3 * i] = -1;
			res[3 * i + 1] = r.error->cursorpos;
			res[3 * i + 2] = (int32_t)e.len;
			puts_(&e, r.error->message ? r.error->message : "");
			put(&e, "", 1); // the NUL after the message
			pg_query_free_error(r.error);
		} else {
			const RbList *l = (const RbList *)r.tree;
			int k = l == NULL ? 0 : l->length;
			res[3 * i] = k;
			res[3 * i + 1] = 0;
			res[3 * i + 2] = 0;
			for (int j = 0; j < k; j++) {
				if (nout++ > 0)
					puts_(&b, ",");
				putraw(&b, (RbRawStmt *)l->elements[j].ptr_value, skim);
			}
		}
		// the trees of this piece are written: let their memory go
		MemoryContextReset(ctx);
	}
	puts_(&b, "]}");
	pg_query_exit_memory_context(ctx);
	free(piece.data);
	if (b.oom || e.oom || piece.oom) {
		free(b.data);
		free(e.data);
		return NULL;
	}
	*errs = e.data;
	*errlen = e.len;
	*len = b.len;
	return b.data;
}
