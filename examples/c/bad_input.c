/*
 * bad_input — every kind of bad input through the C ABI gets a negative code and a
 * readable message from redis_otel_last_error(), never a crash. Run by `make test`
 * (and under valgrind). Prints one line per check; exits 1 if any check fails.
 */
#include <stdio.h>
#include <string.h>

#include "redis_otel.h"

static int failures;

static void expect(const char *what, int32_t rc, int32_t want, const char *needle) {
    const char *msg = redis_otel_last_error();
    int ok = rc == want && msg != NULL && strstr(msg, needle) != NULL;
    printf("%s %-28s rc=%d last_error=%s\n", ok ? "ok  " : "FAIL", what, rc, msg ? msg : "(null)");
    if (!ok) failures++;
}

int main(void) {
    redis_otel_receiver *r = (redis_otel_receiver *)&failures; /* must be overwritten */
    redis_otel_buffer buf = {(uint8_t *)&failures, 1};

    expect("NULL config", redis_otel_receiver_new(NULL, &r), REDIS_OTEL_ERR_INVALID_ARGUMENT,
           "config_yaml is NULL");
    if (r != NULL) { printf("FAIL out not cleared\n"); failures++; }
    expect("NULL out", redis_otel_receiver_new("endpoint: localhost:6379", NULL),
           REDIS_OTEL_ERR_INVALID_ARGUMENT, "out is NULL");
    expect("invalid UTF-8", redis_otel_receiver_new("endpoint: \xc3\x28:6379", &r),
           REDIS_OTEL_ERR_INVALID_ARGUMENT, "not valid UTF-8");
    expect("broken YAML", redis_otel_receiver_new("endpoint: [localhost:6379\n", &r),
           REDIS_OTEL_ERR_CONFIG, "line");
    expect("bad interval", redis_otel_receiver_new("endpoint: localhost:6379\ncollection_interval: 1ms\n", &r),
           REDIS_OTEL_ERR_CONFIG, "collection_interval: must be at least 100ms, got 1ms (line 2)");
    expect("unknown key", redis_otel_receiver_new("endpoint: localhost:6379\npasword: x\n", &r),
           REDIS_OTEL_ERR_CONFIG, "unknown field `pasword`");
    expect("no endpoint", redis_otel_receiver_new("", &r), REDIS_OTEL_ERR_CONFIG, "endpoint");
    expect("NULL handle", redis_otel_receiver_collect(NULL, 1000, &buf), REDIS_OTEL_ERR_INVALID_ARGUMENT,
           "receiver is NULL");
    if (buf.data != NULL || buf.len != 0) { printf("FAIL buffer not cleared\n"); failures++; }
    expect("NULL buffer", redis_otel_receiver_collect(NULL, 1000, NULL), REDIS_OTEL_ERR_INVALID_ARGUMENT,
           "out is NULL");
    expect("status of NULL handle", redis_otel_receiver_status(NULL, &buf), REDIS_OTEL_ERR_INVALID_ARGUMENT,
           "receiver is NULL");

    /* A valid handle: a zero timeout is refused; the free functions accept NULL. */
    int32_t rc = redis_otel_receiver_new("endpoint: 127.0.0.1:1\n", &r);
    if (rc != REDIS_OTEL_OK || r == NULL || redis_otel_last_error() != NULL) {
        printf("FAIL valid config rejected: %d\n", rc);
        return 1;
    }
    expect("zero timeout", redis_otel_receiver_collect(r, 0, &buf), REDIS_OTEL_ERR_INVALID_ARGUMENT,
           "timeout_ms must be > 0");
    redis_otel_receiver_free(r);
    redis_otel_receiver_free(NULL);
    redis_otel_buffer_free((redis_otel_buffer){NULL, 0});

    printf("%s: %d failure(s)\n", failures ? "FAIL" : "ok", failures);
    return failures ? 1 : 0;
}
