package io.custos.it;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Real HTTP/1.1 to the server (the JDK client's HTTP/2 upgrade attempt is not answered well by Micro). */
final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private final String base;

    /** @param base {@code http://127.0.0.1:PORT}: the server listens on loopback only */
    Http(String base) {
        this.base = base;
    }

    /** {@code http://127.0.0.1:PORT} */
    String base() {
        return base;
    }

    HttpResponse<String> get(String path, String token) {
        return send(request(path, token).GET(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String token, String json) {
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> getBytes(String path, String token) {
        return send(request(path, token).GET(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static Map<String, Object> object(HttpResponse<String> r) {
        try {
            return JSONObjectUtils.parse(r.body());
        } catch (ParseException e) {
            throw new AssertionError("not a JSON object (" + r.statusCode() + "): " + r.body(), e);
        }
    }

    static List<Object> array(HttpResponse<String> r) {
        try {
            return JSONArrayUtils.parse(r.body());
        } catch (ParseException e) {
            throw new AssertionError("not a JSON array (" + r.statusCode() + "): " + r.body(), e);
        }
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private static <T> HttpResponse<T> send(HttpRequest.Builder b, HttpResponse.BodyHandler<T> handler) {
        try {
            return CLIENT.send(b.build(), handler);
        } catch (IOException e) {
            throw new IllegalStateException(b.build().method() + " " + b.build().uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
