/*
 * no_signal_handlers — libredis_otel must leave the host's signal dispositions alone
 * (a Go host needs its own handlers, with SA_ONSTACK, untouched). Records every
 * signal's disposition and the alternate signal stack, exercises the library (create,
 * collect against a closed port, free), and compares. Exits 1 on any change.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "redis_otel.h"

static struct sigaction before[NSIG];

static int snapshot_differs(void) {
    int changed = 0;
    for (int sig = 1; sig < NSIG; sig++) {
        struct sigaction now;
        if (sig == SIGKILL || sig == SIGSTOP || sigaction(sig, NULL, &now) != 0) continue;
        if (now.sa_handler != before[sig].sa_handler || now.sa_flags != before[sig].sa_flags) {
            printf("FAIL signal %d (%s) changed\n", sig, strsignal(sig));
            changed = 1;
        }
    }
    return changed;
}

int main(int argc, char **argv) {
    const char *endpoint = argc > 1 ? argv[1] : "127.0.0.1:1";
    for (int sig = 1; sig < NSIG; sig++)
        if (sig != SIGKILL && sig != SIGSTOP) sigaction(sig, NULL, &before[sig]);
    stack_t alt_before, alt_after;
    sigaltstack(NULL, &alt_before);

    char config[256];
    snprintf(config, sizeof config, "endpoint: \"%s\"\n", endpoint);
    redis_otel_receiver *r = NULL;
    if (redis_otel_receiver_new(config, &r) != REDIS_OTEL_OK) {
        printf("FAIL new: %s\n", redis_otel_last_error());
        return 1;
    }
    redis_otel_buffer buf = {NULL, 0};
    if (redis_otel_receiver_collect(r, 2000, &buf) != REDIS_OTEL_OK) {
        printf("FAIL collect: %s\n", redis_otel_last_error());
        return 1;
    }
    int failed = snapshot_differs();
    redis_otel_buffer_free(buf);
    redis_otel_receiver_free(r);
    failed |= snapshot_differs();
    sigaltstack(NULL, &alt_after);
    if (alt_before.ss_sp != alt_after.ss_sp || alt_before.ss_flags != alt_after.ss_flags) {
        printf("FAIL the alternate signal stack changed\n");
        failed = 1;
    }
    printf("%s: signal dispositions %s\n", failed ? "FAIL" : "ok", failed ? "changed" : "untouched");
    return failed;
}
