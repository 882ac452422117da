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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The shipped TLS demo configuration ({@code src/main/demo/tls13-*.asadmin}) on a real Payara Micro: the API
 * answers over TLS 1.3, refuses TLS 1.2, and plain HTTP is off. The server's whole log is then scanned for the
 * passwords, tokens, a grant token and a backup share that passed through it. Payara Micro is started here the way
 * {@code run-admin-demo.sh} starts it, because the Arquillian connector always enables plain HTTP.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TlsDemoIT {
    static final Path DEMO = Path.of("src/main/demo").toAbsolutePath();
    static Process micro;
    static Path run;
    static int httpsPort;
    static int httpPort;
    static SSLContext trusting;
    static String tlsPassword;

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
        tlsPassword = password;
        File war = run.resolve("custos-admin-rest.war").toFile();
        Deployments.adminWar().as(ZipExporter.class).exportTo(war, true);
        httpsPort = freePort();
        httpPort = freePort();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Djava.io.tmpdir=" + run, "-jar", System.getProperty("payara.microJar", "target/payara-micro.jar"),
                "--nohazelcast", "--disablephonehome", "--sslport", Integer.toString(httpsPort),
                "--port", Integer.toString(httpPort), "--prebootcommandfile", DEMO.resolve("tls13-preboot.asadmin").toString(),
                "--postbootcommandfile", DEMO.resolve("tls13-postboot.asadmin").toString(), "--deploy", war.toString())
                .redirectErrorStream(true).redirectOutput(run.resolve("micro.log").toFile());
        pb.environment().put("CUSTOS_TLS_KEYSTORE", keystore.toString());
        pb.environment().put("CUSTOS_TLS_KEYSTORE_PASSWORD", password);
        micro = pb.start();
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
    @Order(2)
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
    @Order(3)
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
    @Order(4)
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

    @Test
    @Order(5)
    void serverLog_neverShowsAPasswordTokenOrShare() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(trusting).version(HttpClient.Version.HTTP_1_1).build();
        String base = "https://127.0.0.1:" + httpsPort + "/custos-admin-rest/api";
        String custodian = Tokens.mint("alice.custodian", List.of("key-custodian"));
        String officer = Tokens.mint("oscar.officer", List.of("security-officer"));
        List<String> secrets = new java.util.ArrayList<>(List.of(tlsPassword, Deployments.lastKeystorePassword,
                custodian, officer, custodian.substring(custodian.lastIndexOf('.') + 1)));
        secrets.addAll(RESTORE_SHARES);
        assertThat(send(client, base + "/keys", custodian, "POST",
                "{\"tenant\":\"tls\",\"dataClass\":\"DEVICE_SERIAL\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> grant = send(client, base + "/grants", custodian, "POST",
                "{\"tenant\":\"tls\",\"dataClass\":\"DEVICE_SERIAL\",\"device\":\"scanner\",\"lifetimeMinutes\":5}");
        assertThat(grant.statusCode()).isEqualTo(200);
        String token = (String) Json.object(grant.body()).get("token");
        assertThat(token).hasSizeGreaterThan(40);
        secrets.add(token);
        HttpResponse<String> backup = send(client, base + "/backups", custodian, "POST", "{\"shares\":3,\"threshold\":2}");
        assertThat(backup.statusCode()).isEqualTo(200);
        String backupId = (String) Json.object(backup.body()).get("backupId");
        String share = Files.readString(Deployments.BACKUPS.resolve(backupId).resolve("share-1.txt")).strip();
        secrets.add(share.substring(share.lastIndexOf(':') + 1));
        assertThat(send(client, base + "/restores", custodian, "POST", "{\"backupId\":\"" + backupId + "\"}")
                .statusCode()).isEqualTo(409);
        assertThat(send(client, base + "/restores/none/shares", custodian, "POST", "{\"share\":\"" + share + "\"}")
                .statusCode()).isEqualTo(404);
        assertThat(send(client, base + "/keys", "forged." + custodian.substring(custodian.indexOf('.') + 1), "GET", null)
                .statusCode()).isEqualTo(401);
        assertThat(send(client, base + "/policy", officer, "PUT",
                "{\"document\":{\"policyVersion\":1},\"reason\":\"leak check\"}").statusCode()).isEqualTo(200);
        Thread.sleep(500);
        String log = Files.readString(run.resolve("micro.log"), StandardCharsets.ISO_8859_1);
        assertThat(log).contains("custos admin API started");
        for (String secret : secrets) {
            assertThat(log).as("server log").doesNotContain(secret);
        }
        assertThat(log).doesNotContain("PRIVATE KEY").doesNotContain("custos-share:");
    }

    /** Share values presented in the restore test, for the log scan. */
    static final List<String> RESTORE_SHARES = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Test
    @Order(1)
    void restoreCeremony_overHttps_intoTheFreshStore_underDualControl() throws Exception {
        RestoreFixture.Backup b = RestoreFixture.backupFromAnotherInstance(run, Deployments.BACKUPS);
        HttpClient client = HttpClient.newBuilder().sslContext(trusting).version(HttpClient.Version.HTTP_1_1).build();
        String base = "https://127.0.0.1:" + httpsPort + "/custos-admin-rest/api";
        String custodian = Tokens.mint("carl.custodian", List.of("key-custodian"));
        String both = Tokens.mint("carl.custodian", List.of("key-custodian", "security-officer"));
        String officer = Tokens.mint("oscar.officer", List.of("security-officer"));
        HttpResponse<String> open = send(client, base + "/restores", custodian, "POST",
                "{\"backupId\":\"" + b.backupId() + "\"}");
        assertThat(open.statusCode()).as(open.body()).isEqualTo(200);
        String ceremony = (String) Json.object(open.body()).get("ceremonyId");
        String path = base + "/restores/" + ceremony;
        // the requester cannot approve its own restore, whatever its groups
        HttpResponse<String> self = send(client, path + "/approve", both, "POST", null);
        assertThat(self.statusCode()).isEqualTo(403);
        assertThat(self.body()).contains("CUSTOS-3106");
        // one share is below the threshold of two
        RESTORE_SHARES.addAll(b.shareValues());
        assertThat(send(client, path + "/shares", custodian, "POST", "{\"share\":\"" + b.shares().get(0) + "\"}")
                .statusCode()).isEqualTo(200);
        HttpResponse<String> early = send(client, path + "/complete", custodian, "POST", null);
        assertThat(early.statusCode()).isEqualTo(409);
        assertThat(early.body()).contains("CUSTOS-3113");
        assertThat(send(client, path + "/approve", officer, "POST", null).statusCode()).isEqualTo(200);
        HttpResponse<String> second = send(client, path + "/shares", custodian, "POST",
                "{\"share\":\"" + b.shares().get(2) + "\"}");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(Json.object(second.body()).get("shares").toString()).contains("1").contains("3");
        // only the custodian who opened it completes it
        HttpResponse<String> other = send(client, path + "/complete", Tokens.mint("cleo.custodian",
                List.of("key-custodian")), "POST", null);
        assertThat(other.statusCode()).isEqualTo(403);
        HttpResponse<String> done = send(client, path + "/complete", custodian, "POST", null);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(Json.num(Json.object(done.body()), "restoredKeys")).isEqualTo(b.keyCount());
        String keys = send(client, base + "/keys", officer, "GET", null).body();
        for (long id : b.keyIds()) {
            assertThat(keys).contains("\"keyId\":" + id + ",");
        }
        // the ceremony is gone, and the store now holds keys: a second restore is refused
        assertThat(send(client, path + "/complete", custodian, "POST", null).statusCode()).isEqualTo(404);
        assertThat(send(client, base + "/restores", custodian, "POST", "{\"backupId\":\"" + b.backupId() + "\"}")
                .body()).contains("CUSTOS-3112");
    }

    private static HttpResponse<String> send(HttpClient client, String url, String token, String method, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token);
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
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
