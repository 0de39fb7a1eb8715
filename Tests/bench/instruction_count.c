/*
 * Counts the x86-64 instructions a program executes, for the bench's instruction counts: a figure
 * that, unlike time, does not depend on what else the machine is doing.
 *
 * Callgrind would give the same figure, but valgrind 3.19 (Debian 12) stops with an internal
 * SIGSEGV on any Swift program with an async main as soon as it starts a thread (five lines
 * reproduce it), and this VM exposes no hardware counters to `perf stat`. So the program runs under
 * qemu-user (`qemu-x86_64 -plugin THIS.so,out=FILE`) and this plugin adds each translated block's
 * instruction count every time the block runs.
 *
 * The running total is kept in FILE, mapped shared: the bench reads it before and after a window
 * of work (1,000 requests to a running server) and subtracts.
 *
 * The few declarations below are QEMU's TCG plugin API (include/qemu/qemu-plugin.h, API version 1,
 * QEMU 7.2), written out so the bench needs no QEMU source tree to build this file.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
typedef struct qemu_info_t qemu_info_t;
typedef void (*tb_trans_callback)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*vcpu_udata_callback)(unsigned int vcpu_index, void *userdata);
typedef void (*udata_callback)(qemu_plugin_id_t id, void *userdata);
enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS };

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, tb_trans_callback cb);
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb, vcpu_udata_callback cb,
                                          enum qemu_plugin_cb_flags flags, void *userdata);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, udata_callback cb, void *userdata);

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

static uint64_t *total;

/* Threads run in parallel under qemu-user: the add must be atomic. */
static void block_ran(unsigned int vcpu_index, void *instructions) {
    (void)vcpu_index;
    __atomic_fetch_add(total, (uint64_t)(uintptr_t)instructions, __ATOMIC_RELAXED);
}

static void block_translated(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
    (void)id;
    qemu_plugin_register_vcpu_tb_exec_cb(tb, block_ran, QEMU_PLUGIN_CB_NO_REGS,
                                         (void *)(uintptr_t)qemu_plugin_tb_n_insns(tb));
}

static void at_exit(qemu_plugin_id_t id, void *userdata) {
    (void)id; (void)userdata;
    msync(total, sizeof *total, MS_SYNC);
}

__attribute__((visibility("default")))
int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv) {
    (void)info;
    const char *out = NULL;
    for (int i = 0; i < argc; i++) {
        if (strncmp(argv[i], "out=", 4) == 0) out = argv[i] + 4;
    }
    if (!out) { fprintf(stderr, "instruction_count: give out=FILE\n"); return 1; }
    int fd = open(out, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || ftruncate(fd, sizeof *total) != 0) { perror(out); return 1; }
    total = mmap(NULL, sizeof *total, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (total == MAP_FAILED) { perror("mmap"); return 1; }
    qemu_plugin_register_vcpu_tb_trans_cb(id, block_translated);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
