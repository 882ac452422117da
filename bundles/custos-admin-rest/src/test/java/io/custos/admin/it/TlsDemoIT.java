package io.custos.admin.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped TLS demo configuration ({@code src/main/demo/tls13-*.asadmin}) on a real Payara Micro: the API
 * answers over TLS 1.3, refuses TLS 1.2, and plain HTTP is off. Payara Micro is started here the way
 * {@code run-admin-demo.sh} starts it, because the Arquillian connector always enables plain HTTP.
 */
class TlsDemoIT {
    static final Path DEMO = Path.of("src/main/demo").toAbsolutePath();
    static Process micro;
    static Path run;
    static int httpsPort;
    static int httpPort;
    static SSLContext trusting;

    @BeforeAll
    static void start() throws Exception {
        run = Files.createTempDirectory(Files.createDirectories(Deployments.WORK), "tls-");
        String password = HexFormat.of().formatHex(random(18));
        Path keystore = run.resolve("tls.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "custos-demo", "-keyalg", "EC", "-groupname", "secp256r1",
                "-sigalg", "SHA256withECDSA", "-dname", "CN=localhost, O=Custos demo",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "30", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", password, "-keypass", password)
                .redirectErrorStream(true).redirectOutput(run.resolve("keytool.log").toFile()).start();
        assertThat(keytool.waitFor()).isZero();
        String preboot = Files.readString(DEMO.resolve("tls13-preboot.asadmin"))
                .replace("${keystore}", keystore.toString()).replace("${password}", password);
        Files.writeString(run.resolve("preboot.asadmin"), preboot);
        File war = run.resolve("custos-admin-rest.war").toFile();
        Deployments.adminWar().as(ZipExporter.class).exportTo(war, true);
        httpsPort = freePort();
        httpPort = freePort();
        micro = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Djava.io.tmpdir=" + run, "-jar", System.getProperty("payara.microJar", "target/payara-micro.jar"),
                "--nohazelcast", "--disablephonehome", "--sslport", Integer.toString(httpsPort),
                "--port", Integer.toString(httpPort), "--prebootcommandfile", run.resolve("preboot.asadmin").toString(),
                "--postbootcommandfile", DEMO.resolve("tls13-postboot.asadmin").toString(), "--deploy", war.toString())
                .redirectErrorStream(true).redirectOutput(run.resolve("micro.log").toFile()).start();
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trust.load(in, password.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        trusting = SSLContext.getInstance("TLS");
        trusting.init(null, tmf.getTrustManagers(), new SecureRandom());
        long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        while (!Files.readString(run.resolve("micro.log"), StandardCharsets.ISO_8859_1).contains(" ready in ")) {
            if (!micro.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("Payara Micro did not start; see " + run.resolve("micro.log"));
            }
            Thread.sleep(500);
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (micro != null) {
            micro.destroy();
            if (!micro.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                micro.destroyForcibly();
            }
        }
    }

    @Test
    void tls13_handshakeSucceeds_andTheApiAnswers() throws Exception {
        try (SSLSocket s = socket("TLSv1.3")) {
            s.startHandshake();
            assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
        HttpClient client = HttpClient.newBuilder().sslContext(trusting).version(HttpClient.Version.HTTP_1_1)
                .sslParameters(new SSLParameters(null, new String[] {"TLSv1.3"})).build();
        String base = "https://127.0.0.1:" + httpsPort + "/custos-admin-rest";
        HttpResponse<String> ok = client.send(HttpRequest.newBuilder(URI.create(base + "/api/keys"))
                .header("Authorization", "Bearer " + Tokens.mint("audrey", List.of("auditor"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        HttpResponse<String> anonymous = client.send(HttpRequest.newBuilder(URI.create(base + "/api/keys")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> console = client.send(HttpRequest.newBuilder(URI.create(base + "/console/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'");
    }

    @Test
    void tls12AndOlder_areRefused() {
        for (String old : new String[] {"TLSv1.2", "TLSv1.1"}) {
            assertThatThrownBy(() -> {
                try (SSLSocket s = socket(old)) {
                    s.startHandshake();
                }
            }).as(old).isInstanceOfAny(SSLException.class, IOException.class);
        }
    }

    @Test
    void plainHttp_isOff() {
        assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", httpPort), 3000);
                s.getOutputStream().write("GET /custos-admin-rest/api/keys HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
                if (s.getInputStream().read() < 0) {
                    throw new ConnectException("closed without an answer");
                }
            }
        }).isInstanceOf(IOException.class);
    }

    private static SSLSocket socket(String protocol) throws IOException {
        SSLSocket s = (SSLSocket) trusting.getSocketFactory().createSocket("127.0.0.1", httpsPort);
        s.setEnabledProtocols(new String[] {protocol});
        s.setSoTimeout(10_000);
        return s;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
