package dev.goro.internal.netpoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's net.SplitHostPort rules and messages (in the spirit of Go's TestSplitHostPort), plus numeric ports. */
class AddrsTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1:80      | 127.0.0.1    | 80",
        "localhost:8080    | localhost    | 8080",
        "[::1]:80          | ::1          | 80",
        "[fe80::1%lo]:443  | fe80::1%lo   | 443",
        ":80               | ''           | 80",
        "[::]:0            | ::           | 0",
        "example.com:      | example.com  | 0",
        "127.0.0.1:65535   | 127.0.0.1    | 65535",
    })
    void split_wellFormed_givesHostAndPort(String address, String host, int port) {
        assertEquals(new Addrs.HostPort(host, port), Addrs.split("dial", address));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1        | missing port in address",
        "''               | missing port in address",
        "[::1]            | missing port in address",
        "[::1]x:80        | missing port in address",
        "::1:80           | too many colons in address",
        "[::1]:80:90      | too many colons in address",
        "[::1:80          | missing ']' in address",
        "a[b:80           | unexpected '[' in address",
        "[a][b]:80        | missing port in address",
        "a]b:80           | unexpected ']' in address",
        "127.0.0.1:65536  | invalid port",
    })
    void split_malformed_throwsGoMessage(String address, String why) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Addrs.split("dial", address));
        assertEquals("dial tcp: address " + address + ": " + why, e.getMessage());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({"127.0.0.1:http", "127.0.0.1:-1", "127.0.0.1:8o"})
    void split_nonNumericPort_throwsUnknownPort(String address) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Addrs.split("dial", address));
        assertEquals("dial tcp: lookup tcp/" + address.substring(10) + ": unknown port", e.getMessage());
    }
}
