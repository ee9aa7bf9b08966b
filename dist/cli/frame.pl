# y2038-action's framer. Reads the probe's output pipe (fd 4) in chunks and writes each
# chunk to the results port (fd 3) as one record:
#   <RS>Y2038|<token>|<seq>|out|<length in bytes>|<that many bytes>\n
# When run-script.pl reports on fd 5 that the probe's shell exited ("status N unread M": its
# status, and the bytes of the script it never read), it drains the
# pipe until it is quiet for a moment (background processes may keep it open for ever),
# then writes the records status, unread, dropped (if over the limit) and end, and exits.
#
# It also watches the guest's clock for the whole session, from outside the probe's shell:
# a timerfd armed with TFD_TIMER_CANCEL_ON_SET wakes it whenever anything sets the clock
# (even to where it was), and the boot time the kernel derives from the clock (btime in
# /proc/stat) says how far it moved. Each move is a `clockmoved` record. It says on fd 7
# that the watch is armed; session.sh starts the script only then.
#
# Only raw descriptors, POSIX::read/write and select: opening a handle makes Perl fstat()
# it, and on a 32-bit time_t userland fstat() fails (EOVERFLOW) for a pipe or a device
# whose timestamps are past the rollover. The harness must not become its own finding.
use strict;
use warnings;
use POSIX ();

require(($0 =~ s{[^/]*$}{}r || './') . 'records.pl');

my ($DATA, $CTL) = (4, 5);
my $CHUNK = 65536;
my $MAX_FORWARDED = 64 * 1024 * 1024;    # bytes of probe output sent to the host at most
my $GRACE_IDLE = 0.3;                    # seconds of quiet that end the drain
my $GRACE_READS = 64;                    # reads after the probe's exit at most

my $head = '';
while ($head !~ /\n/) {
    my $n = POSIX::read(0, my $buf, 256);
    last unless $n && $n > 0;
    $head .= $buf;
}
# <token> <seq> <btime when the session started> <timerfd_create>:<timerfd_settime with 64-bit times>
our ($TOKEN, $SEQ);
my ($btime, $nr_create, $nr_settime);
($TOKEN, $SEQ, $btime, $nr_create, $nr_settime) = $head =~ /^([0-9a-f]+) (\d+) (\d+) (\d+):(\d+)$/m
  or die "frame.pl: no token on standard input\n";

sub read_proc {
    my $fd = POSIX::open($_[0], POSIX::O_RDONLY()) // return '';
    my $text = '';
    # POSIX::read returns "0 but true" at the end: a number, not a truth, ends the loop.
    while ((POSIX::read($fd, my $buf, 4096) // 0) > 0) { $text .= $buf }
    POSIX::close($fd);
    return $text;
}
sub btime  { read_proc('/proc/stat') =~ /^btime (\d+)$/m ? $1 : undef }
sub uptime { read_proc('/proc/uptime') =~ /^(\d+(?:\.\d+)?) / ? $1 : '' }

$btime ||= btime() // 0;
my $armed = 0;
# session.sh waits for this line: it must come, whatever happens here.
END { POSIX::write(7, "armed\n", 6) unless $armed }

my $moves = 0;
# Seen a move, or asked to look: says how far the clock moved, if it did.
sub clock_check {
    my ($set) = @_;
    my $now = btime() // return;
    return unless $set || abs($now - $btime) > 1;
    emit('clockmoved', 'u' . uptime() . " btime=$now was=$btime") if ++$moves <= 16;
    $btime = $now;
}

# CLOCK_REALTIME, absolute, cancelled on set; due in 2514 (2^34 s, past the latest date the
# kernel holds, 2262), so it never expires.
# syscall() takes variables only: it may write to any string it is given.
my ($realtime, $flags, $abstime_cancel_on_set, $none) = (0, 0, 3, 0);
my $spec = pack('V8', 0, 0, 0, 0, 0, 4, 0, 0);
my $tfd = syscall($nr_create + 0, $realtime, $flags);
if ($tfd >= 0 && syscall($nr_settime + 0, $tfd, $abstime_cancel_on_set, $spec, $none) < 0) {
    POSIX::close($tfd);
    $tfd = -1;
}
emit('clockwatch', ($tfd >= 0 ? 'timerfd' : "btime:$!") . " btime=$btime");
clock_check(0);
POSIX::write(7, "armed\n", 6);
POSIX::close(7);
$armed = 1;

my ($forwarded, $dropped, $status, $unread, $after_exit) = (0, 0, undef, undef, 0);
my $ctl_buf = '';
while (1) {
    my $rin = '';
    vec($rin, $DATA, 1) = 1;
    vec($rin, $CTL, 1) = 1 unless defined $status;
    vec($rin, $tfd, 1) = 1 if $tfd >= 0;
    # Without a timerfd, the clock is looked at every second.
    my $ready = select(my $rout = $rin, undef, undef, defined $status ? $GRACE_IDLE : $tfd >= 0 ? undef : 1);
    if ($ready < 0) {
        next if $!{EINTR};
        last;
    }
    if ($ready == 0) {
        last if defined $status;    # quiet after the probe's exit
        clock_check(0);
        next;
    }
    if ($tfd >= 0 && vec($rout, $tfd, 1)) {
        # ECANCELED: the clock was set. Anything else read here is not a set.
        my $n = POSIX::read($tfd, my $buf, 8);
        clock_check(!defined $n && $!{ECANCELED});
    }
    if (!defined $status && vec($rout, $CTL, 1)) {
        POSIX::read($CTL, my $buf, 256);
        $ctl_buf .= $buf // '';
        ($status, $unread) = ($1, $2) if $ctl_buf =~ /^status (\d+)(?: unread (\d+))?\n/m;
    }
    if (vec($rout, $DATA, 1)) {
        my $n = POSIX::read($DATA, my $buf, $CHUNK);
        if ($n) {
            if ($forwarded + $n <= $MAX_FORWARDED) {
                emit('out', $buf);
                $forwarded += $n;
            } else {
                $dropped += $n;
            }
        }
        last if defined $status && ++$after_exit >= $GRACE_READS;
    }
}
clock_check(0);
emit('dropped', $dropped) if $dropped;
emit('status', $status // 'unknown');
emit('unread', $unread) if defined $unread;
emit('end', $forwarded);
