package io.custos.audit.alert;

import io.custos.api.Secret;
import io.custos.audit.spi.AlertSink;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs each alert as JSON ({@link Alert#toJson()}) to a URL with {@code java.net.http}. With a secret, the
 * request carries {@code X-Custos-Signature: sha256=<hex HMAC-SHA256 of the body>} so the receiver can
 * tell genuine alerts from forged ones. One retry; a non-2xx answer is a failure.
 *
 * <h2>Security guarantees</h2>
 * The secret is copied in, wiped on {@link #close()}, and never printed; {@link #toString()} shows the
 * URL's host only.
 */
public final class WebhookAlertSink implements AlertSink, AutoCloseable {
    private final HttpClient client;
    private final URI url;
    private final Duration timeout;
    private final byte[] secret;

    /**
     * @param url     an http or https URL
     * @param timeout connect and request timeout
     * @param secret  HMAC key for the signature header, or {@code null}
     */
    public WebhookAlertSink(URI url, Duration timeout, Secret secret) {
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("webhook URL must be http or https");
        }
        this.url = url;
        this.timeout = timeout;
        this.secret = secret == null ? null : secret.bytes();
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String id() {
        return "webhook";
    }

    @Override
    public void publish(Alert alert) throws IOException {
        byte[] body = alert.toJson().getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (secret != null) {
            b.header("X-Custos-Signature", "sha256=" + hmac(body));
        }
        HttpRequest request = b.build();
        IOException last = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                HttpResponse<Void> r = client.send(request, HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() / 100 == 2) {
                    return;
                }
                last = new IOException("webhook answered HTTP " + r.statusCode());
            } catch (IOException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while delivering an alert");
            }
        }
        throw last;
    }

    private String hmac(byte[] body) throws IOException {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot sign the alert: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
        if (secret != null) {
            Arrays.fill(secret, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "WebhookAlertSink[" + url.getHost() + "]";
    }
}
