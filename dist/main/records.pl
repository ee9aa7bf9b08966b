# y2038-action: the one writer of the results port's records (src/protocol/records.ts reads
# them), for frame.pl and send-out.pl:
#   <RS>Y2038|<token>|<seq>|<kind>|<length of payload in bytes>|<payload>\n
# A raw descriptor and POSIX::write only: opening a handle makes Perl fstat() it, and on a
# 32-bit time_t userland fstat() fails (EOVERFLOW) for a port whose times are past the rollover.
use strict;
use warnings;
use POSIX ();

# The port's descriptor, the token, and the number of the last record written under it.
our ($PORT, $TOKEN, $SEQ) = (3, undef, 0);

sub write_all {
    my ($buf) = @_;
    while (length $buf) {
        my $n = POSIX::write($PORT, $buf, length $buf);
        if (!defined $n) {
            next if $!{EINTR};
            exit 1;
        }
        substr($buf, 0, $n, '');
    }
}

sub emit {
    my ($kind, $payload) = @_;
    $SEQ++;
    write_all("\x1eY2038|$TOKEN|$SEQ|$kind|" . length($payload) . "|$payload\n");
}

1;
