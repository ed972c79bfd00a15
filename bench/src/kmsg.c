/* The kernel log (/dev/kmsg): the alarming lines a step added to it. */
#include "kmsg.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A record is at most about 1 KiB of text plus its dictionary. */
#define RECORD_MAX 8192

static const char *const alarm_words[] = {
	"WARNING:", "BUG:", "Oops", "Call Trace", "cut here",
};

int kmsg_open(const char *path, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0) {
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	if (lseek(fd, 0, SEEK_END) < 0) {
		snprintf(err, errlen, "cannot seek to the end of %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

char *kmsg_record_message(const char *rec, size_t len)
{
	const char *semi = memchr(rec, ';', len);
	const char *end;

	if (!semi)
		return NULL;
	semi++;
	end = memchr(semi, '\n', len - (size_t)(semi - rec));
	if (!end)
		end = rec + len;
	return strndup(semi, (size_t)(end - semi));
}

int kmsg_is_alarm(const char *msg)
{
	for (size_t i = 0; i < sizeof(alarm_words) / sizeof(alarm_words[0]); i++)
		if (strstr(msg, alarm_words[i]))
			return 1;
	return 0;
}

static int add_line(struct kmsg_lines *l, char *msg)
{
	char **grown = msg ? realloc(l->line, (l->n + 1) * sizeof(*grown)) : NULL;

	if (!grown) {
		free(msg);
		errno = ENOMEM;
		return -1;
	}
	l->line = grown;
	l->line[l->n++] = msg;
	return 0;
}

int kmsg_collect(int fd, struct kmsg_lines *alarms)
{
	char buf[RECORD_MAX];

	for (;;) {
		/* one read() returns exactly one record */
		ssize_t n = read(fd, buf, sizeof(buf));
		char *msg;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return 0;
		if (n < 0 && errno == EPIPE) {
			/* the next read goes on at the oldest record left */
			if (add_line(alarms, strdup("(kernel log records were overwritten before they were read)")))
				return -1;
			continue;
		}
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		msg = kmsg_record_message(buf, (size_t)n);
		if (!msg)
			continue;
		if (!kmsg_is_alarm(msg)) {
			free(msg);
			continue;
		}
		if (add_line(alarms, msg))
			return -1;
	}
}

void kmsg_lines_free(struct kmsg_lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->line[i]);
	free(l->line);
	l->line = NULL;
	l->n = 0;
}
