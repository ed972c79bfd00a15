/* The kernel log (/dev/kmsg): the alarming lines a step added to it. */
#ifndef MHPB_KMSG_H
#define MHPB_KMSG_H

#include <stddef.h>

struct kmsg_lines {
	char **line;		/* malloc'd messages, without the record prefix */
	size_t n;
};

/* Open /dev/kmsg (@path, for tests) without blocking, positioned after its
 * last record. Returns an fd, or -1 with @err. */
int kmsg_open(const char *path, char *err, size_t errlen);

/* Read every record added since the last call and append to @alarms the
 * ones that are WARN, BUG or Oops lines (see kmsg_is_alarm). Records the
 * kernel overwrote before they were read are reported as one alarm line.
 * Returns 0, or -1 with errno on a read error. */
int kmsg_collect(int fd, struct kmsg_lines *alarms);

/* The message of one /dev/kmsg record "PRI,SEQ,TS,FLAGS;MESSAGE\n..."
 * (continuation lines dropped), malloc'd; NULL for a malformed record. */
char *kmsg_record_message(const char *rec, size_t len);

/* Does @msg say WARNING:, BUG:, Oops, Call Trace or "cut here"? */
int kmsg_is_alarm(const char *msg);

void kmsg_lines_free(struct kmsg_lines *l);

#endif
