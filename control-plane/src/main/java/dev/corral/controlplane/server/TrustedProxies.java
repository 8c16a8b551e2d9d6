package dev.corral.controlplane.server;

import java.net.InetAddress;
import java.util.List;

/**
 * The reverse proxies whose X-Forwarded-* headers are believed: exact addresses or CIDR blocks
 * (10.0.0.0/8, fd00::/8). Anyone else could name any client address or host in those headers, so
 * from them the headers are ignored.
 */
public record TrustedProxies(List<String> entries) {
    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    public TrustedProxies {
        entries = List.copyOf(entries);
        for (String entry : entries) {
            block(entry);
        }
    }

    public boolean trusts(String peerAddress) {
        if (peerAddress == null || entries.isEmpty()) {
            return false;
        }
        byte[] peer;
        try {
            peer = InetAddress.ofLiteral(peerAddress).getAddress();
        } catch (IllegalArgumentException e) {
            return false;
        }
        for (String entry : entries) {
            Block block = block(entry);
            if (block.contains(peer)) {
                return true;
            }
        }
        return false;
    }

    private record Block(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (address[whole] & mask) == (network[whole] & mask);
        }
    }

    private static Block block(String entry) {
        int slash = entry.indexOf('/');
        String host = slash < 0 ? entry : entry.substring(0, slash);
        byte[] network;
        try {
            network = InetAddress.ofLiteral(host.strip()).getAddress();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "trusted proxy '" + entry + "' is not an IP address or CIDR block (a host name is not accepted)");
        }
        int prefix = network.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(entry.substring(slash + 1).strip());
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("trusted proxy '" + entry + "' has an invalid prefix length");
            }
        }
        return new Block(network, prefix);
    }
}
