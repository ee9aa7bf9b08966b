# y2038-action: brings the probe's files back. After the probe has ended, walks the
# directory $Y2038_OUT (argument 1) and writes each regular file to the results port
# (fd 3) as records under the out token (argument 2), up to a limit of bytes (argument 3),
# numbered on from the records already sent under that token (argument 4, default 0):
#   file  <relative path>            a file starts
#   data  <bytes>                    its contents, in chunks
#   skip  <relative path> TAB <why>  not sent (a link, a special file, unreadable, over the limit)
#   outend <files sent> <bytes sent> <files not sent> <1 if the last file sent was cut short>
# It never stat()s: the files were made after the clock step, and on a 32-bit time_t
# userland stat() fails for them (EOVERFLOW). A symbolic link is told by readlink, a
# directory by opendir (glibc's own fstat inside it is 64-bit), and a file is read through
# a raw descriptor opened with O_NOFOLLOW and O_NONBLOCK (a FIFO does not block the walk).
use strict;
use warnings;
use Fcntl qw(O_RDONLY O_NOFOLLOW O_NONBLOCK);    # O_NOFOLLOW differs between architectures

my $DIR = $0 =~ s{[^/]*$}{}r || './';
require "${DIR}sys.pl";
require "${DIR}records.pl";
our $EINTR;

my $CHUNK = 65536;
my ($root, $token, $limit, $seq) = @ARGV;
die "send-out.pl: usage: DIR TOKEN LIMIT [SEQ]\n" unless defined $limit && $token =~ /^[0-9a-f]+$/;
our ($TOKEN, $SEQ) = ($token, $seq // 0);    # numbered on from the records already sent

my ($files, $sent, $unsent, $cut) = (0, 0, 0, 0);

# Over the limit a file is named and not read: a device node could be endless.
sub send_file {
    my ($path, $name) = @_;
    if ($sent >= $limit) {
        $unsent++;
        emit('skip', "$name\tover the limit of $limit bytes");
        return;
    }
    my $fd = sys_open($path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    if (!defined $fd) {
        emit('skip', "$name\tcannot be read: $!");
        return;
    }
    emit('file', $name);
    $files++;
    while (1) {
        my $buf = sys_read($fd, $CHUNK);
        if (!defined $buf) {
            next if $! == $EINTR;
            last;    # EAGAIN: a FIFO with nothing in it
        }
        my $n = length $buf;
        last if $n == 0;
        my $room = $limit - $sent;
        if ($n >= $room) {
            emit('data', substr($buf, 0, $room)) if $room > 0;
            $sent += $room;
            # Cut here unless this chunk happened to end the file exactly.
            my $more = $n > $room ? 'x' : sys_read($fd, 1);
            $cut = 1 if defined $more && length $more;
            last;
        }
        emit('data', $buf);
        $sent += $n;
    }
    sys_close($fd);
}

sub walk {
    my ($dir, $prefix) = @_;
    opendir(my $dh, $dir) or return;
    my @names = sort grep { $_ ne '.' && $_ ne '..' } readdir($dh);
    closedir($dh);
    for my $entry (@names) {
        my $path = "$dir/$entry";
        my $name = $prefix eq '' ? $entry : "$prefix/$entry";
        if (defined readlink($path)) {
            emit('skip', "$name\ta symbolic link");
        } elsif (opendir(my $probe, $path)) {
            closedir($probe);
            walk($path, $name);
        } else {
            send_file($path, $name);
        }
    }
}

walk($root, '');
emit('outend', "$files $sent $unsent $cut");
