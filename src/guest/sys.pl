# y2038-action: the few system calls the harness's Perl makes, by number (Perl's syscall()),
# on raw descriptors. For frame.pl, run-script.pl, records.pl and send-out.pl.
#   - Not Perl's handles: opening one makes Perl fstat() it, and on a 32-bit time_t userland
#     fstat() fails (EOVERFLOW) for a pipe, a port or a /proc file whose times are past the
#     rollover. The harness must not become its own finding.
#   - Not POSIX.pm: loading it takes a third of a second under emulation, in each perl of
#     each date.
# The numbers come from the host, for the guest's architecture, in Y2038_SYSCALLS
# ("read=3,write=4,..."). Errors leave the errno in $!, compared as a number: the values
# below are the same on every architecture the harness runs on (asm-generic, x86, arm).
use strict;

our %NR = map { /^([a-z0-9_]+)=(\d+)$/ ? ($1 => $2) : () } split /,/, ($ENV{Y2038_SYSCALLS} // '');
for (qw(read write openat close ioctl timerfd_create timerfd_settime64)) {
    die "sys.pl: no system call number for $_ in Y2038_SYSCALLS\n" unless defined $NR{$_};
}
our ($O_RDONLY, $O_WRONLY, $O_NONBLOCK) = (0, 1, 0x800);
our ($EINTR, $EAGAIN, $ECANCELED) = (4, 11, 125);
my $AT_FDCWD = -100;

# Up to $len bytes from $fd: '' at the end, undef on an error.
sub sys_read {
    my ($fd, $len) = @_;
    my $buf = "\0" x $len;
    my $n = syscall($NR{read}, $fd + 0, $buf, $len + 0);
    return undef if $n < 0;
    return substr($buf, 0, $n);
}

# Everything $fd reads until its end (or an error).
sub sys_read_all {
    my ($fd) = @_;
    my $text = '';
    while (1) {
        my $buf = sys_read($fd, 65536);
        last unless defined $buf && length $buf;
        $text .= $buf;
    }
    return $text;
}

# The bytes written (maybe fewer than given), undef on an error.
sub sys_write {
    my ($fd, $data) = @_;
    my $bytes = "$data";    # a string, passed as a pointer (syscall() passes a number as one)
    my $n = syscall($NR{write}, $fd + 0, $bytes, length($bytes) + 0);
    return $n < 0 ? undef : $n;
}

# A descriptor, or undef.
sub sys_open {
    my ($path, $flags) = @_;
    my $fd = syscall($NR{openat}, $AT_FDCWD, $path, $flags + 0);
    return $fd < 0 ? undef : $fd;
}

sub sys_close { syscall($NR{close}, $_[0] + 0) }

1;
