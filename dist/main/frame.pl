# y2038-action's framer. Reads the probe's output pipe (fd 4) in chunks and writes each
# chunk to the results port (fd 3) as one record:
#   <RS>Y2038|<token>|<seq>|out|<length in bytes>|<that many bytes>\n
# When session.sh reports on fd 5 that the probe's shell exited ("status N"), it drains the
# pipe until it is quiet for a moment (background processes may keep it open for ever),
# then writes the records status, dropped (if over the limit) and end, and exits.
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
    last unless $n;
    $head .= $buf;
}
our ($TOKEN, $SEQ);
($TOKEN, $SEQ) = $head =~ /^([0-9a-f]+) (\d+)$/m or die "frame.pl: no token on standard input\n";

my ($forwarded, $dropped, $status, $after_exit) = (0, 0, undef, 0);
my $ctl_buf = '';
while (1) {
    my $rin = '';
    vec($rin, $DATA, 1) = 1;
    vec($rin, $CTL, 1) = 1 unless defined $status;
    my $ready = select(my $rout = $rin, undef, undef, defined $status ? $GRACE_IDLE : undef);
    if ($ready < 0) {
        next if $!{EINTR};
        last;
    }
    last if $ready == 0;    # quiet after the probe's exit
    if (!defined $status && vec($rout, $CTL, 1)) {
        POSIX::read($CTL, my $buf, 256);
        $ctl_buf .= $buf // '';
        $status = $1 if $ctl_buf =~ /^status (\d+)\n/m;
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
emit('dropped', $dropped) if $dropped;
emit('status', $status // 'unknown');
emit('end', $forwarded);
