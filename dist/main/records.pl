# y2038-action: the one writer of the results port's records (src/protocol/records.ts reads
# them), for frame.pl and send-out.pl, which load sys.pl first:
#   <RS>Y2038|<token>|<seq>|<kind>|<length of payload in bytes>|<payload>\n
use strict;

# The port's descriptor, the token, and the number of the last record written under it.
our ($PORT, $TOKEN, $SEQ) = (3, undef, 0);
our $EINTR;

sub write_all {
    my ($buf) = @_;
    while (length $buf) {
        my $n = sys_write($PORT, $buf);
        if (!defined $n) {
            next if $! == $EINTR;
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
