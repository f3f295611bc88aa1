// Linux system headers that Glibc's Swift module does not export: epoll, eventfd, sendfile.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/sendfile.h>
#include <sys/resource.h>
#include <sys/socket.h>

// accept4 is declared only under _GNU_SOURCE, which Swift's Glibc module is not built with.
extern int accept4(int sockfd, struct sockaddr *addr, socklen_t *addrlen, int flags);

// malloc_trim: hands free heap pages back to the kernel (Engine's MemoryTrim).
#include <malloc.h>
