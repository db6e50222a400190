/*
 * The floor of RedisModule_Call: what the public module API costs per command, without Lua.
 *
 * RMFLOOR.INCR <variant> <n> <key> runs n `INCR key` through RedisModule_Call, each reply freed
 * at once, then one `GET key` whose value it replies with: the same commands as the
 * benchmarks' 100-`redis.call` script (benches/redis_workloads.sh, HUNDRED), so its
 * usec_per_call compares directly with that script's EVAL. The variant picks the argument
 * format and flags (see VARIANTS); `noop` makes no call at all (the command's fixed cost).
 *
 * Built and run by benches/redis_rmcall_floor.sh against the redismodule.h that the
 * redis-module crate vendors. Not part of the module or the workspace build.
 */
#define REDISMODULE_EXPERIMENTAL_API
#include "redismodule.h"
#include <string.h>
#include <strings.h>

enum arg { ARG_RETAINED, ARG_BUFFER, ARG_CSTR, ARG_VECTOR };

struct variant {
    const char *name;
    enum arg arg;      /* how the key is passed */
    const char *flags; /* RM_Call flags after the argument's format letter */
    int auto_memory;   /* RedisModule_AutoMemory on the context */
    int free_replies;  /* RedisModule_FreeCallReply after each call (else auto-memory frees) */
    int read_proto;    /* look at the reply as Ferrous does (RedisModule_CallReplyProto) */
};

/* `ours` is what Ferrous passes for redis.call('INCR', KEYS[1]) after the script's first
 * write (src/run.rs, src/key_args.rs): the key as a retained string, E (errors as replies),
 * C (the caller's ACL), ! (replicate; redis.set_repl's default), and the reply's RESP text. */
static const struct variant VARIANTS[] = {
    {"ours", ARG_RETAINED, "EC!", 0, 1, 1},
    {"s", ARG_RETAINED, "", 0, 1, 0},
    {"sEC!", ARG_RETAINED, "EC!", 0, 1, 0},
    {"sEC!S", ARG_RETAINED, "EC!S", 0, 1, 0},
    {"sE!", ARG_RETAINED, "E!", 0, 1, 0},
    {"b", ARG_BUFFER, "", 0, 1, 0},
    {"bEC!", ARG_BUFFER, "EC!", 0, 1, 0},
    {"c", ARG_CSTR, "", 0, 1, 0},
    {"cEC!", ARG_CSTR, "EC!", 0, 1, 0},
    {"vEC!", ARG_VECTOR, "EC!", 0, 1, 0},
    {"auto-free", ARG_RETAINED, "EC!", 1, 1, 0},
    {"auto-keep", ARG_RETAINED, "EC!", 1, 0, 0},
    {"noop", ARG_RETAINED, NULL, 0, 1, 0},
};

static RedisModuleCallReply *call_one(RedisModuleCtx *ctx, const struct variant *v,
                                      const char *cmd, RedisModuleString *key,
                                      const char *buf, size_t len, char *fmt) {
    RedisModuleString *vec[1];
    RedisModuleCallReply *r;
    switch (v->arg) {
    case ARG_RETAINED:
        return RedisModule_Call(ctx, cmd, fmt, key);
    case ARG_BUFFER:
        return RedisModule_Call(ctx, cmd, fmt, buf, len);
    case ARG_CSTR:
        return RedisModule_Call(ctx, cmd, fmt, buf);
    case ARG_VECTOR:
        /* A string created and freed per call, as for a vector of module strings. */
        vec[0] = RedisModule_CreateString(ctx, buf, len);
        r = RedisModule_Call(ctx, cmd, fmt, vec, (size_t)1);
        RedisModule_FreeString(ctx, vec[0]);
        return r;
    }
    return NULL;
}

static int incr_command(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 4) return RedisModule_WrongArity(ctx);
    const char *vname = RedisModule_StringPtrLen(argv[1], NULL);
    const struct variant *v = NULL;
    for (size_t i = 0; i < sizeof(VARIANTS) / sizeof(VARIANTS[0]); i++)
        if (strcasecmp(vname, VARIANTS[i].name) == 0) v = &VARIANTS[i];
    if (!v) return RedisModule_ReplyWithError(ctx, "ERR unknown variant");
    long long n;
    if (RedisModule_StringToLongLong(argv[2], &n) != REDISMODULE_OK || n < 0)
        return RedisModule_ReplyWithError(ctx, "ERR bad count");
    if (v->auto_memory) RedisModule_AutoMemory(ctx);
    size_t len;
    const char *key = RedisModule_StringPtrLen(argv[3], &len);
    /* NUL-terminated copy for `c`; a retained string for `s`, kept for the whole command as
     * Ferrous keeps its key-name cache across calls. */
    char cbuf[256];
    if (len >= sizeof(cbuf)) return RedisModule_ReplyWithError(ctx, "ERR key too long");
    memcpy(cbuf, key, len);
    cbuf[len] = 0;
    RedisModuleString *retained = RedisModule_CreateString(NULL, key, len);
    if (v->flags == NULL) n = 0;
    char fmt[16];
    fmt[0] = "sbcv"[v->arg];
    strcpy(fmt + 1, v->flags ? v->flags : "");
    size_t seen = 0;
    for (long long i = 0; i < n; i++) {
        RedisModuleCallReply *r = call_one(ctx, v, "INCR", retained, cbuf, len, fmt);
        if (!r) {
            RedisModule_FreeString(NULL, retained);
            return RedisModule_ReplyWithError(ctx, "ERR RedisModule_Call failed");
        }
        if (v->read_proto) {
            size_t plen;
            const char *p = RedisModule_CallReplyProto(r, &plen);
            seen += p && plen && p[0] == ':';
        }
        if (v->free_replies) RedisModule_FreeCallReply(r);
    }
    (void)seen;
    RedisModuleCallReply *g = call_one(ctx, v, "GET", retained, cbuf, len, fmt);
    RedisModule_FreeString(NULL, retained);
    if (!g) return RedisModule_ReplyWithNull(ctx);
    size_t glen;
    const char *gp = RedisModule_CallReplyStringPtr(g, &glen);
    if (gp) RedisModule_ReplyWithStringBuffer(ctx, gp, glen);
    else RedisModule_ReplyWithNull(ctx);
    if (v->free_replies) RedisModule_FreeCallReply(g);
    return REDISMODULE_OK;
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    (void)argv;
    (void)argc;
    if (RedisModule_Init(ctx, "rmfloor", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "rmfloor.incr", incr_command, "write deny-oom", 0, 0, 0) ==
        REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
