package com.zapigateway.outbound;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HexFormat;

import com.zapigateway.outbound.OutboundUrlPolicy.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class OutboundUrlPolicyTests {

	@ParameterizedTest
	@ValueSource(strings = { "https://hooks.example.com/zapi", "https://hooks.example.com:8443/a?b=c",
			"HTTPS://Hooks.Example.COM/x", "https://hooks.example.com:443/", "https://example.com./x",
			"https://a.b.c.example.co.uk/p/q?r=s&t=u", "https://8.8.8.8/hook", "https://[2001:4860:4860::8888]/hook",
			"https://[::ffff:8.8.8.8]/", "https://[64:ff9b::808:808]/", "https://[2002:808:808::1]/",
			// Teredo: server 65.54.227.120, client 8.8.8.8 (inverted)
			"https://[2001:0:4136:e378:8000:63bf:f7f7:f7f7]/",
			// next to forbidden ranges
			"https://100.63.255.255/", "https://100.128.0.1/", "https://172.15.255.255/", "https://172.32.0.1/",
			"https://192.0.1.1/", "https://192.0.3.1/", "https://198.17.255.255/", "https://198.20.0.1/",
			"https://223.255.255.255/", "https://169.253.255.255/", "https://11.0.0.1/", "https://126.255.255.255/",
			"https://128.0.0.1/", "https://[2001:200::1]/", "https://[2001:db9::1]/", "https://[3fff:1000::1]/",
			// names that merely contain a reserved word or a number
			"https://localhost.example.com/", "https://internal.example.com/", "https://local.example/",
			"https://0x7f.example.com/", "https://127.0.0.1.example.com/", "https://hooks.example/x",
			"https://xn--bcher-kva.example/" })
	void allowsHttpsToPublicHosts(String url) {
		assertThat(OutboundUrlPolicy.evaluate(url)).isEqualTo(Verdict.ALLOWED);
	}

	/**
	 * Every URL measured to be stored as a webhook (and then posted to) or passed as a
	 * callback by a gateway without the policy.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "https://127.0.0.1:8443/hooks", "https://localhost", "https://[::1]",
			"https://[::ffff:7f00:1]", "https://2130706433", "https://0x7f000001", "https://0177.0.0.1", "https://0",
			"https://0.0.0.0", "https://169.254.169.254/latest/meta-data", "https://metadata.google.internal",
			"https://10.0.0.1", "https://[fd00::1]", "https://[fe80::1%25eth0]", "https://[2002:7f00:1::]/x",
			// names from this kind of machine's hosts file
			"https://runsc/", "https://vm/", "https://ip6-localhost/", "https://ip6-loopback/",
			"https://localhost.localdomain/" })
	void refusesEveryMeasuredLocalTarget(String url) {
		assertThat(OutboundUrlPolicy.evaluate(url)).isEqualTo(Verdict.FORBIDDEN_HOST);
	}

	@ParameterizedTest
	@ValueSource(strings = {
			// IPv4 written in other notations: refused whatever they denote

			"https://017700000001/", "https://0177.0.0.01/", "https://127.000.000.001/", "https://1.2.3.04/",
			"https://134744072/", "https://0x08080808/", "https://8.8.8.010/",

			// IPv4-mapped, -compatible and -translated
			"https://[::ffff:127.0.0.1]/", "https://[0:0:0:0:0:ffff:7f00:1]/", "https://[::ffff:a9fe:a9fe]/",
			"https://[::ffff:10.0.0.1]/", "https://[::127.0.0.1]/", "https://[::7f00:1]/", "https://[::8.8.8.8]/",
			"https://[::ffff:0:808:808]/",
			// NAT64
			"https://[64:ff9b::7f00:1]/", "https://[64:ff9b::10.0.0.1]/", "https://[64:ff9b::a9fe:a9fe]/",
			"https://[64:ff9b:1::808:808]/", "https://[64:ff9b:1:0:0:0:808:808]/",
			// 6to4
			"https://[2002:7f00:1::1]/", "https://[2002:a9fe:a9fe::]/", "https://[2002:c0a8:101::1]/",
			"https://[2002:a00:1::]/",
			// Teredo: client 127.0.0.1 (inverted: 80ff:fffe), or server 10.0.0.1
			"https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/", "https://[2001:0:a00:1:8000:63bf:f7f7:f7f7]/",
			"https://[2001::ffff:ffff]/",
			// IPv4 ranges
			"https://127.255.255.254/", "https://10.255.255.255/", "https://172.16.0.1/", "https://172.31.255.255/",
			"https://192.168.1.1/", "https://100.64.0.1/", "https://100.127.255.255/", "https://100.100.100.200/",
			"https://169.254.0.1/", "https://0.1.2.3/", "https://192.0.0.1/", "https://192.0.0.192/",
			"https://192.0.2.1/", "https://198.51.100.7/", "https://203.0.113.9/", "https://198.18.0.1/",
			"https://198.19.255.255/", "https://224.0.0.1/", "https://239.255.255.250/", "https://240.0.0.1/",
			"https://255.255.255.255/", "https://192.88.99.1/", "https://168.63.129.16/",
			// IPv6 ranges
			"https://[::]/", "https://[0::1]/", "https://[fc00::1]/", "https://[fd00:ec2::254]/", "https://[fe80::1]/",
			"https://[febf::1]/", "https://[fec0::1]/", "https://[ff02::1]/", "https://[2001:db8::1]/",
			"https://[2001:2::1]/", "https://[2001:10::1]/", "https://[2001:1ff::1]/", "https://[3fff::1]/",
			"https://[3fff:fff::1]/", "https://[100::1]/", "https://[4000::1]/", "https://[fe80::1%eth0]/",
			// names for local use
			"https://LOCALHOST/", "https://localhost./", "https://LOCALHOST./hook", "https://api.localhost/",
			"https://api.localhost./", "https://printer.local/", "https://x.localdomain/",
			"https://METADATA.GOOGLE.INTERNAL./", "https://instance-data.ec2.internal/", "https://router.home.arpa/",
			"https://1.0.0.127.in-addr.arpa/", "https://nas.lan/", "https://wiki.intranet/", "https://x.corp/",
			"https://x.home/", "https://x.private/", "https://kubernetes.default.svc.cluster.local/",
			// single labels
			"https://metadata/", "https://instance-data/", "https://postgres:5432/", "https://intranet./" })
	void refusesOtherEncodingsAndRanges(String url) {
		assertThat(OutboundUrlPolicy.evaluate(url)).isEqualTo(Verdict.FORBIDDEN_HOST);
	}

	/**
	 * IPv4 in notations whose last label is a number but which {@code java.net.URI} does
	 * not read as a host at all (its host names must end in a letter): not even a URL.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "https://127.1/", "https://127.0.1/", "https://0x7f.1/", "https://0x7f.0x0.0x0.0x1/",
			"https://foo.123/", "https://foo.0x1/", "https://127.0.0.1./", "https://0.0.0.0./", "https://10.1/" })
	void refusesNumericHostsThatAreNotEvenParsed(String url) {
		assertThat(OutboundUrlPolicy.evaluate(url)).isEqualTo(Verdict.INVALID);
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://hooks.example.com/zapi", "ftp://hooks.example.com/", "javascript:alert(1)",
			"file:///etc/passwd", "gopher://hooks.example.com/", "https:hooks.example.com/", "https:///x",
			"https://user:pass@hooks.example.com/", "https://user@hooks.example.com/", "https://@hooks.example.com/",
			"https://hooks.example.com/#frag", "https://hooks.example.com/#", "/relative/path", "https://",
			"https://hooks.example.com:0/", "https://hooks.example.com:99999/", "https://hooks.example.com:65536/",
			"https://hooks.example.com:2147483648/", "https://hooks.example.com:abc/", "https://hooks.example.com:/",
			"https://hooks.example.com:-1/", "https://hooks.example.com:+443/", "https://my_host.example.com/",
			"https://bücher.example/", "https://%6c%6fcalhost/", "https://a..example/", "https://.example.com/",
			"https://-a.example/", "https://[::1/", "https://[v1.x]/", "https://[zz::1]/", "https://[1::2::3]/",
			"not a url", "https://exa mple.com/", "https://h.example\\@x/", "", "http://localhost./",
			"http://127.0.0.2/", "http://[::2]/", "http://localhost:0/", "http://user@localhost/",
			"http://localhost/#x" })
	void refusesWhatIsNotAnHttpsUrl(String url) {
		assertThat(OutboundUrlPolicy.evaluate(url)).isEqualTo(Verdict.INVALID);
	}

	@Test
	void refusesOverlongNames() {
		assertThat(OutboundUrlPolicy.evaluate("https://" + "a".repeat(64) + ".example/")).isEqualTo(Verdict.INVALID);
		assertThat(OutboundUrlPolicy.evaluate("https://" + "a".repeat(63) + ".example/")).isEqualTo(Verdict.ALLOWED);
		assertThat(OutboundUrlPolicy.evaluate("https://" + "abcdefghi.".repeat(25) + "example/"))
			.isEqualTo(Verdict.INVALID);
		assertThat(OutboundUrlPolicy.evaluate("https://" + "abcdefghi.".repeat(24) + "example/"))
			.isEqualTo(Verdict.ALLOWED);
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://localhost:8080/hooks", "http://127.0.0.1:1/", "http://[::1]:65535/x",
			"HTTP://LOCALHOST/", "http://localhost" })
	void recognisesPlainHttpToLoopback(String url) {
		assertThat(OutboundUrlPolicy.evaluate(url)).isEqualTo(Verdict.LOOPBACK_HTTP);
	}

	@Test
	void judgesAddressesTheSameWayAsLiterals() throws Exception {
		assertThat(OutboundUrlPolicy.isForbidden(InetAddress.getByName("127.0.0.1"))).isTrue();
		assertThat(OutboundUrlPolicy.isForbidden(InetAddress.getByName("::1"))).isTrue();
		assertThat(OutboundUrlPolicy.isForbidden(InetAddress.getByName("8.8.8.8"))).isFalse();
		assertThat(OutboundUrlPolicy.isForbidden(InetAddress.getByName("2606:4700::1111"))).isFalse();
		// the JDK turns mapped addresses into IPv4 ones; an Inet6Address holding one is
		// judged by its IPv4 address all the same
		assertThat(OutboundUrlPolicy.isForbidden(ipv6("00000000000000000000ffff7f000001"))).isTrue();
		assertThat(OutboundUrlPolicy.isForbidden(ipv6("00000000000000000000ffff08080808"))).isFalse();
		assertThat(OutboundUrlPolicy.isForbidden(ipv6("fe800000000000000000000000000001"))).isTrue();
	}

	@Test
	void knowsLoopbackAddresses() throws Exception {
		assertThat(OutboundUrlPolicy.isLoopback(InetAddress.getByName("127.0.0.1"))).isTrue();
		assertThat(OutboundUrlPolicy.isLoopback(InetAddress.getByName("127.3.2.1"))).isTrue();
		assertThat(OutboundUrlPolicy.isLoopback(InetAddress.getByName("::1"))).isTrue();
		assertThat(OutboundUrlPolicy.isLoopback(ipv6("00000000000000000000ffff7f000001"))).isTrue();
		assertThat(OutboundUrlPolicy.isLoopback(InetAddress.getByName("::"))).isFalse();
		assertThat(OutboundUrlPolicy.isLoopback(InetAddress.getByName("10.0.0.1"))).isFalse();
		assertThat(OutboundUrlPolicy.isLoopback(InetAddress.getByName("8.8.8.8"))).isFalse();
		assertThat(OutboundUrlPolicy.isLoopback(InetAddress.getByName("::2"))).isFalse();
	}

	private static InetAddress ipv6(String hex) throws Exception {
		return Inet6Address.getByAddress(null, HexFormat.of().parseHex(hex), -1);
	}

}
