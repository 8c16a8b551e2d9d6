package dev.corral.node.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code NODEDIR/agent.lock}, held by the node's agent for as long as it runs: a node has one agent
 * at a time. Two would both start, adopt and stop the node's instance process and its replicas. The
 * kernel releases the lock when the agent dies, however it dies; the file names the holder's pid.
 */
final class AgentLock implements AutoCloseable {
    static final String NAME = "agent.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private AgentLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock of {@code nodeDir}, or fails naming the agent that holds it. */
    static AgentLock take(Path nodeDir) throws IOException {
        Files.createDirectories(nodeDir);
        Path file = nodeDir.resolve(NAME);
        FileChannel channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IOException("another agent runs for " + nodeDir + " (pid "
                    + Files.readString(file, StandardCharsets.US_ASCII).trim() + ")");
        }
        channel.truncate(0);
        channel.write(
                ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)));
        channel.force(false);
        return new AgentLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
