# y2038-action: runs one script (the probe, or a stage before it) in a bash of its own, and
# establishes from outside that shell how it ended. The script is not sourced: bash runs it
# as its own script, read from a FIFO this process feeds, with the harness's handlers set up
# by run-probe.bash (BASH_ENV) before the first line. bash reads a script from a pipe one
# byte at a time, so it has read a line only once every command before it has run; after
# the script's text this process appends the harness's end line (__y2038_end), which writes
# the end mark. When bash has exited, the bytes of the text it never read say whether it
# got to its end, whatever the script did (exit, exec, a signal, kill of its own shell): a
# fact the script cannot fake. The status and that count go to the framer on fd 5, with
# whether processes the script started are left running.
#
# Arguments: <script file> <the FIFO bash reads it from> <run-probe.bash>. The FIFO is on
# the read-only harness disk, made on the host: its times never change, so a 32-bit bash can
# fstat() it after the rollover (it could not a pipe made then, and would read nothing).
# Standard input: the harness's line for run-probe.bash, passed on to bash. Standard output
# and error: the framer's pipe, passed on. Exits with the script's status (128+N for signal N).
#
# Only raw descriptors, by system call (sys.pl): opening a Perl handle fstat()s it.
use strict;

require(($0 =~ s{[^/]*$}{}r || './') . 'sys.pl');
our (%NR, $O_RDONLY, $O_WRONLY, $O_NONBLOCK);
# The probe's environment is the one this process was given, less the harness's own.
delete $ENV{Y2038_SYSCALLS};

my ($script, $fifo, $env_file) = @ARGV;
my $CTL = 5;
my $FIONREAD = 0x541B;
my $WNOHANG = 1;
# The bash to run: the userland's (by PATH), or the harness's own by its path.
my $bash = delete $ENV{Y2038_BASH} // 'bash';
delete $ENV{PERL_BADLANG};

my $fd = sys_open($script, $O_RDONLY) // die "run-script.pl: cannot open $script: $!\n";
my $text = sys_read_all($fd);
sys_close($fd);
$text .= "\n" if length($text) && substr($text, -1) ne "\n";
$text .= "{ __y2038_end; } 2>/dev/null\n";

# A reader of our own first, so that opening the writer does not wait, and so that what bash
# left unread can still be counted when it has gone.
my $r = sys_open($fifo, $O_RDONLY | $O_NONBLOCK) // die "run-script.pl: cannot open $fifo: $!\n";
my $w = sys_open($fifo, $O_WRONLY) // die "run-script.pl: cannot write $fifo: $!\n";
my $pid = fork() // die "run-script.pl: fork: $!\n";
if ($pid == 0) {
    sys_close($_) for ($r, $w, $CTL);
    # A process group of the script's own: what it leaves running is found by it below.
    setpgrp(0, 0);
    $ENV{BASH_ENV} = $env_file;
    exec { $bash } $bash, $fifo;
    exit 127;
}
$SIG{PIPE} = 'IGNORE';

# Bytes waiting in the pipe, unread by bash.
sub in_pipe {
    my $count = pack('L', 0);
    syscall($NR{ioctl}, $r + 0, $FIONREAD, $count) == 0 or return 0;
    return unpack('L', $count);
}

# Feeds the text without ever blocking on a full pipe (the script may never read it all),
# and keeps the writer open until bash has read something: a FIFO without a writer makes
# bash's open() wait, and bash opens it only after it has read run-probe.bash.
my ($off, $status) = (0, undef);
my $room = 65536;
while (1) {
    my $left = length($text) - $off;
    my $queued = in_pipe();
    last if $left == 0 && $off - $queued > 0;
    my $free = $room - $queued;
    if ($left > 0 && ($free >= 4096 || ($free > 0 && $free >= $left))) {
        my $chunk = substr($text, $off, $free < $left ? $free : $left);
        my $n = sys_write($w, $chunk);
        last unless defined $n;
        $off += $n;
        next;
    }
    if (waitpid($pid, $WNOHANG) == $pid) {
        $status = $?;
        last;
    }
    select(undef, undef, undef, 0.01);
}
sys_close($w);
if (!defined $status) {
    waitpid($pid, 0);
    $status = $?;
}
my $unread = in_pipe() + length($text) - $off;
# Processes of the script left in its group (background jobs): the framer then waits for
# their output a moment. A process that left the group is not waited for.
my $left = kill(0, -$pid) ? 1 : 0;
# Killed by signal N: 128+N, as a shell says it; else the exit status.
my $code = $status & 127 ? 128 + ($status & 127) : $status >> 8;
sys_write($CTL, "status $code unread $unread left $left\n");
exit($code);
