package io.nflint.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MalformedBundleTest {

    @TempDir
    Path dir;

    private BundleFormatException loadFailing(String file, String content) throws Exception {
        Files.writeString(dir.resolve(file), content);
        BundleFormatException e = catchThrowableOfType(BundleFormatException.class, () -> HostBundleLoader.load(dir));
        assertThat(e).as("expected a BundleFormatException").isNotNull();
        assertThat(e.file()).isEqualTo(dir.resolve(file));
        return e;
    }

    @Test
    void brokenJsonSyntaxHasLineAndColumn() throws Exception {
        BundleFormatException e = loadFailing("ip-addr.json", "[\n  {\"ifname\": \"lo\",\n   \"ifindex\": 1,,\n");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isEqualTo(17);
        assertThat(e.getMessage()).startsWith(dir.resolve("ip-addr.json") + ":3:17: malformed JSON");
    }

    @Test
    void badAddressInsideValidJsonPointsAtTheValue() throws Exception {
        BundleFormatException e = loadFailing("ip-route.json",
                "[{\"dst\":\"default\",\"gateway\":\"198.51.100.2\",\"dev\":\"ext0\"},\n"
                        + " {\"dst\":\"172.17.0.0/16\",\"dev\":\"docker0\",\"prefsrc\":\"172.17.0.300\"}]\n");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isEqualTo(51);
        assertThat(e.detail()).isEqualTo("at /1/prefsrc: not an IP address: \"172.17.0.300\"");
    }

    @Test
    void missingRequiredFieldPointsAtTheObject() throws Exception {
        BundleFormatException e = loadFailing("docker-network-inspect.json", "[\n  {\"Driver\": \"bridge\"}\n]");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isEqualTo(3);
        assertThat(e.detail()).contains("/0/Name").contains("missing");
    }

    @Test
    void wrongShapeIsReported() throws Exception {
        BundleFormatException e = loadFailing("docker-inspect.json", "{\"Id\": \"x\"}");
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.column()).isEqualTo(1);
        assertThat(e.detail()).isEqualTo("expected an array, found an object");
    }

    @Test
    void emptyAndTrailingJson() throws Exception {
        assertThat(loadFailing("bridge-link.json", "").detail()).contains("empty file");
        Files.delete(dir.resolve("bridge-link.json"));
        BundleFormatException e = loadFailing("bridge-link.json", "[]\n[]");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.detail()).contains("after the JSON value");
    }

    @Test
    void badPublishedPort() throws Exception {
        BundleFormatException e = loadFailing("docker-inspect.json",
                "[{\"Id\":\"abc\",\"HostConfig\":{\"PortBindings\":{\"80/tcp\":[{\"HostIp\":\"\",\"HostPort\":\"80x\"}]}}}]");
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.detail()).isEqualTo("at /0/HostConfig/PortBindings/80~1tcp/0/HostPort: not a port or port range: \"80x\"");
    }

    @Test
    void sysctlLineWithoutEquals() throws Exception {
        BundleFormatException e = loadFailing("sysctl.txt", "net.ipv4.ip_forward = 1\n\n  net.bridge.bridge-nf-call-iptables 1\n");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isEqualTo(3);
        assertThat(e.getMessage()).endsWith("sysctl.txt:3:3: expected \"key = value\", found \"net.bridge.bridge-nf-call-iptables 1\"");
    }

    @Test
    void ipsetErrors() throws Exception {
        BundleFormatException e = loadFailing("ipset.save", "create a hash:ip family inet\nadd a 10.0.0.1\nadd b 10.0.0.2\n");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isEqualTo(5);
        assertThat(e.detail()).contains("no create line");

        Files.delete(dir.resolve("ipset.save"));
        e = loadFailing("ipset.save", "create p hash:ip,port family inet\nadd p 10.0.0.1,tcp:http\n");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isEqualTo(16);
        assertThat(e.detail()).contains("not a valid port");

        Files.delete(dir.resolve("ipset.save"));
        e = loadFailing("ipset.save", "flush x\n");
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.column()).isEqualTo(1);

        Files.delete(dir.resolve("ipset.save"));
        e = loadFailing("ipset.save", "create v6 hash:net family inet6\nadd v6 10.0.0.0/8\n");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.detail()).contains("family inet6");
    }

    @Test
    void ssBadAddress() throws Exception {
        BundleFormatException e = loadFailing("ss-listen.txt",
                "tcp   LISTEN 0      4096         0.0.0.0:8080      0.0.0.0:*\ntcp   LISTEN 0 4096 1.2.3:80 0.0.0.0:*\n");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isEqualTo(21);
    }

    @Test
    void notADirectory() throws Exception {
        Path file = Files.writeString(dir.resolve("x"), "");
        BundleFormatException e = catchThrowableOfType(BundleFormatException.class, () -> HostBundleLoader.load(file));
        assertThat(e.getMessage()).endsWith(": not a directory");
        e = catchThrowableOfType(BundleFormatException.class, () -> HostBundleLoader.load(dir.resolve("nope")));
        assertThat(e.getMessage()).endsWith(": no such directory");
    }
}
