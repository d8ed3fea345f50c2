/*
 * collect — scrape one Redis through libredis_otel and print its metrics.
 *
 *   collect <host:port> [collections]
 *
 * Creates a receiver for one endpoint, collects `collections` times (default 1, one
 * second apart), and prints every number data point of the last collection as
 *
 *   redis.clients.connected 3
 *   redis.db.keys{db=0} 12
 *
 * The library returns OTLP protobuf bytes (ExportMetricsServiceRequest); a real host
 * hands them to its protobuf library (the Go component: pmetric.ProtoUnmarshaler). To
 * stay dependency-free this example walks the few fields it prints by hand.
 *
 * Exit status: 0 on success, 1 when a library call fails (the message is printed).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "redis_otel.h"

/* ---- a minimal protobuf reader: enough for name, attributes and values ---- */

typedef struct {
    const uint8_t *p, *end;
} cursor;

typedef struct {
    uint32_t field, wire;
    uint64_t num;        /* varint or fixed64 payload */
    cursor sub;          /* length-delimited payload */
} pb_field;

static int read_varint(cursor *c, uint64_t *v) {
    *v = 0;
    for (int shift = 0; shift < 64 && c->p < c->end; shift += 7) {
        uint8_t b = *c->p++;
        *v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) return 1;
    }
    return 0;
}

/* Reads the next field of a message; 0 at the end or on malformed input. */
static int next_field(cursor *c, pb_field *f) {
    uint64_t key, len;
    if (c->p >= c->end || !read_varint(c, &key)) return 0;
    f->field = (uint32_t)(key >> 3);
    f->wire = (uint32_t)(key & 7);
    switch (f->wire) {
    case 0: return read_varint(c, &f->num);
    case 1:
        if (c->end - c->p < 8) return 0;
        memcpy(&f->num, c->p, 8); /* little-endian hosts */
        c->p += 8;
        return 1;
    case 2:
        if (!read_varint(c, &len) || (uint64_t)(c->end - c->p) < len) return 0;
        f->sub.p = c->p;
        f->sub.end = c->p + len;
        c->p += len;
        return 1;
    case 5:
        if (c->end - c->p < 4) return 0;
        c->p += 4;
        return 1;
    default: return 0;
    }
}

static void print_str(cursor s) { fwrite(s.p, 1, (size_t)(s.end - s.p), stdout); }

/* KeyValue{1: key, 2: AnyValue{1: string, 2: bool, 3: int}} as key=value */
static void print_attribute(cursor kv) {
    pb_field f, v;
    while (next_field(&kv, &f)) {
        if (f.field == 1 && f.wire == 2) {
            print_str(f.sub);
            putchar('=');
        } else if (f.field == 2 && f.wire == 2) {
            while (next_field(&f.sub, &v)) {
                if (v.field == 1 && v.wire == 2) print_str(v.sub);
                else if (v.field == 3 && v.wire == 0) printf("%" PRId64, (int64_t)v.num);
                else if (v.field == 2 && v.wire == 0) printf("%s", v.num ? "true" : "false");
            }
        }
    }
}

/* NumberDataPoint{7: attributes, 4: as_double, 6: as_int} */
static void print_point(cursor name, cursor point) {
    pb_field f;
    int attrs = 0;
    char value[64] = "?";
    print_str(name);
    while (next_field(&point, &f)) {
        if (f.field == 7 && f.wire == 2) {
            putchar(attrs++ ? ',' : '{');
            print_attribute(f.sub);
        } else if (f.field == 4 && f.wire == 1) {
            double d;
            memcpy(&d, &f.num, sizeof d);
            snprintf(value, sizeof value, "%g", d);
        } else if (f.field == 6 && f.wire == 1) {
            snprintf(value, sizeof value, "%" PRId64, (int64_t)f.num);
        }
    }
    printf("%s %s\n", attrs ? "}" : "", value);
}

/* Metric{1: name, 5: Gauge{1: points}, 7: Sum{1: points}}; other kinds are skipped. */
static void print_metric(cursor metric) {
    pb_field f, g;
    cursor name = {0, 0};
    cursor scan = metric;
    while (next_field(&scan, &f))
        if (f.field == 1 && f.wire == 2) name = f.sub;
    while (next_field(&metric, &f)) {
        if ((f.field == 5 || f.field == 7) && f.wire == 2) {
            while (next_field(&f.sub, &g))
                if (g.field == 1 && g.wire == 2) print_point(name, g.sub);
        }
    }
}

/* ExportMetricsServiceRequest{1: ResourceMetrics{2: ScopeMetrics{2: Metric}}} */
static int print_request(const uint8_t *data, size_t len) {
    cursor req = {data, data + len};
    pb_field rm, sm, m;
    int metrics = 0;
    while (next_field(&req, &rm)) {
        if (rm.field != 1 || rm.wire != 2) continue;
        while (next_field(&rm.sub, &sm)) {
            if (sm.field != 2 || sm.wire != 2) continue;
            while (next_field(&sm.sub, &m)) {
                if (m.field == 2 && m.wire == 2) {
                    print_metric(m.sub);
                    metrics++;
                }
            }
        }
    }
    return metrics;
}

/* ---- the library calls ---- */

static int fail(const char *what, int32_t rc) {
    const char *msg = redis_otel_last_error();
    fprintf(stderr, "collect: %s failed (%d): %s\n", what, rc, msg ? msg : "(no message)");
    return 1;
}

int main(int argc, char **argv) {
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: %s <host:port> [collections]\n", argv[0]);
        return 2;
    }
    int collections = argc == 3 ? atoi(argv[2]) : 1;
    if (collections < 1) collections = 1;

    char config[512];
    snprintf(config, sizeof config, "endpoint: \"%s\"\ncollection_interval: 10s\n", argv[1]);

    fprintf(stderr, "libredis_otel %s\n", redis_otel_version());
    redis_otel_receiver *receiver = NULL;
    int32_t rc = redis_otel_receiver_new(config, &receiver);
    if (rc != REDIS_OTEL_OK) return fail("redis_otel_receiver_new", rc);

    redis_otel_buffer buf = {NULL, 0};
    for (int i = 0; i < collections; i++) {
        if (i > 0) {
            redis_otel_buffer_free(buf);
            sleep(1);
        }
        rc = redis_otel_receiver_collect(receiver, 5000, &buf);
        if (rc != REDIS_OTEL_OK) {
            redis_otel_receiver_free(receiver);
            return fail("redis_otel_receiver_collect", rc);
        }
    }
    fprintf(stderr, "collected %zu bytes of OTLP\n", buf.len);
    int metrics = print_request(buf.data, buf.len);
    fprintf(stderr, "%d metrics\n", metrics);

    redis_otel_buffer_free(buf);
    redis_otel_receiver_free(receiver);
    return metrics > 0 ? 0 : 1;
}
