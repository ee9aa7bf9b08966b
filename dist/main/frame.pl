# y2038-action's framer. Reads the probe's output pipe (fd 4) in chunks and writes each
# chunk to the results port (fd 3) as one record:
#   <RS>Y2038|<token>|<seq>|out|<length in bytes>|<that many bytes>\n
# When run-script.pl reports on fd 5 that the probe's shell exited ("status N unread M left L":
# its status, the bytes of the script it never read, and whether processes of the script are
# left), it drains the pipe: what is in it, when nothing of the script is left; else until it
# is quiet for a moment (background processes may keep it open for ever). Then it writes the
# records status, unread, dropped (if over the limit) and end, and exits.
#
# Before all that it makes the session's random numbers its own (the job's seed) and the
# secret behind which the script's marks are written (the `marks` record).
#
# It also watches the guest's clock for the whole session, from outside the probe's shell:
# a timerfd armed with TFD_TIMER_CANCEL_ON_SET wakes it whenever anything sets the clock
# (even to where it was), and the boot time the kernel derives from the clock (btime in
# /proc/stat) says how far it moved. Each move is a `clockmoved` record. It says on fd 7
# that the watch is armed; session.sh starts the script only then.
#
# Only raw descriptors, by system call (sys.pl), and select.
use strict;

my $DIR = $0 =~ s{[^/]*$}{}r || './';
require "${DIR}sys.pl";
require "${DIR}records.pl";
our (%NR, $EINTR, $ECANCELED, $O_RDONLY, $O_WRONLY);

my ($DATA, $CTL) = (4, 5);
my $CHUNK = 65536;
my $MAX_FORWARDED = 64 * 1024 * 1024;    # bytes of probe output sent to the host at most
my $GRACE_IDLE = 0.3;                    # seconds of quiet that end the drain
my $GRACE_READS = 64;                    # reads after the probe's exit at most

my $head = '';
while ($head !~ /\n/) {
    my $buf = sys_read(0, 256);
    last unless defined $buf && length $buf;
    $head .= $buf;
}
# <token> <seq> <the job's seed, in hex, or - for a stage at boot>
our ($TOKEN, $SEQ);
my $seed;
($TOKEN, $SEQ, $seed) = $head =~ /^([0-9a-f]+) (\d+) ([0-9a-f]+|-)$/m
  or die "frame.pl: no token on standard input\n";

sub read_proc {
    my $fd = sys_open($_[0], $O_RDONLY) // return '';
    my $text = sys_read_all($fd);
    sys_close($fd);
    return $text;
}
sub btime  { read_proc('/proc/stat') =~ /^btime (\d+)$/m ? $1 : undef }
sub uptime { read_proc('/proc/uptime') =~ /^(\d+(?:\.\d+)?) / ? $1 : '' }

my $armed = 0;
# session.sh waits for this line: it must come, whatever happens here. Without the secret
# after it, session.sh runs no script.
END { sys_write(7, "armed\n") unless $armed }

# A guest restored from a saved state has the same random state at each date: the job's seed
# is credited as the entropy it is (RNDADDENTROPY) and the kernel reseeds from it at once
# (RNDRESEEDCRNG), so that its random numbers are this date's own from here on, the probe's
# first read included. A plain write only mixes the seed in, for the kernel's next reseed.
if ($seed ne '-') {
    my $bytes = pack('H*', $seed);
    my $u = sys_open('/dev/urandom', $O_WRONLY) // die "frame.pl: cannot open /dev/urandom: $!\n";
    my $pool = pack('ii', 8 * length($bytes), length($bytes)) . $bytes;
    my ($add_entropy, $reseed, $none) = (0x40085203, 0x5207, 0);
    syscall($NR{ioctl}, $u + 0, $add_entropy, $pool) == 0 && syscall($NR{ioctl}, $u + 0, $reseed, $none) == 0
      or sys_write($u, "$seed\n");
    sys_close($u);
}

# The session's secret: the marker behind which run-probe.bash writes its marks in the
# script's output, which the script's environment does not hold.
my $secret = do {
    my $u = sys_open('/dev/urandom', $O_RDONLY) // die "frame.pl: cannot open /dev/urandom: $!\n";
    my $bytes = sys_read($u, 12) // '';
    sys_close($u);
    die "frame.pl: no random bytes\n" unless length($bytes) == 12;
    unpack('H*', $bytes);
};
emit('marks', $secret);

# The clock as it is now (the boot time the kernel derives from it): any move from here on
# is reported.
my $btime = btime() // 0;
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
my $tfd = syscall($NR{timerfd_create}, $realtime, $flags);
if ($tfd >= 0 && syscall($NR{timerfd_settime64}, $tfd, $abstime_cancel_on_set, $spec, $none) < 0) {
    sys_close($tfd);
    $tfd = -1;
}
emit('clockwatch', ($tfd >= 0 ? 'timerfd' : "btime:$!") . " btime=$btime");
clock_check(0);
sys_write(7, "armed $secret\n");
sys_close(7);
$armed = 1;

my ($forwarded, $dropped, $status, $unread, $left, $after_exit) = (0, 0, undef, undef, undef, 0);
my $ctl_buf = '';
while (1) {
    my $rin = '';
    vec($rin, $DATA, 1) = 1;
    vec($rin, $CTL, 1) = 1 unless defined $status;
    vec($rin, $tfd, 1) = 1 if $tfd >= 0;
    # Without a timerfd, the clock is looked at every second. After the script's exit: what is
    # in the pipe now, when nothing of the script is left to write more.
    my $wait = defined $status ? ($left // 1) ? $GRACE_IDLE : 0 : $tfd >= 0 ? undef : 1;
    my $ready = select(my $rout = $rin, undef, undef, $wait);
    if ($ready < 0) {
        next if $! == $EINTR;
        last;
    }
    if ($ready == 0) {
        last if defined $status;    # quiet after the probe's exit
        clock_check(0);
        next;
    }
    if ($tfd >= 0 && vec($rout, $tfd, 1)) {
        # ECANCELED: the clock was set. Anything else read here is not a set.
        my $buf = sys_read($tfd, 8);
        clock_check(!defined $buf && $! == $ECANCELED);
    }
    if (!defined $status && vec($rout, $CTL, 1)) {
        $ctl_buf .= sys_read($CTL, 256) // '';
        ($status, $unread, $left) = ($1, $2, $3) if $ctl_buf =~ /^status (\d+)(?: unread (\d+) left ([01]))?\n/m;
    }
    if (vec($rout, $DATA, 1)) {
        my $buf = sys_read($DATA, $CHUNK);
        my $n = length($buf // '');
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
