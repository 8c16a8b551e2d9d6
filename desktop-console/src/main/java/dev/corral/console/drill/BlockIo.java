package dev.corral.console.drill;

import dev.corral.api.nbd.NbdClient;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/** Reads and writes a volume through its NBD endpoint, as a workload does. */
public interface BlockIo {
    /** Writes durably (FUA, then flush). */
    void write(String endpoint, long offset, byte[] data) throws IOException;

    byte[] read(String endpoint, long offset, int length) throws IOException;

    /** Over a fresh NBD connection each time, so that nothing is cached between write and read. */
    static BlockIo nbd(Duration timeout) {
        return new BlockIo() {
            @Override
            public void write(String endpoint, long offset, byte[] data) throws IOException {
                try (NbdClient client = NbdClient.connect(URI.create(endpoint), timeout)) {
                    client.write(offset, data, true);
                    client.flush();
                }
            }

            @Override
            public byte[] read(String endpoint, long offset, int length) throws IOException {
                try (NbdClient client = NbdClient.connect(URI.create(endpoint), timeout)) {
                    return client.read(offset, length);
                }
            }
        };
    }
}
