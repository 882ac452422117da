package io.custos.admin.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Real HTTP to the deployed WAR; every response body is kept so tests can scan them all for secrets. */
final class Http {
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    static final List<String> BODIES = new CopyOnWriteArrayList<>();

    private final String base;

    Http(String base) {
        // The server listens on 127.0.0.1 only, whatever host name the connector reports.
        URI u = URI.create(base);
        String b = "http://127.0.0.1:" + u.getPort() + u.getPath();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }

    String base() {
        return base;
    }

    HttpResponse<String> call(String method, String path, String token, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            BODIES.add(r.body());
            return r;
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path, String token) {
        return call("GET", path, token, null);
    }

    HttpResponse<String> post(String path, String token, String json) {
        return call("POST", path, token, json == null ? "{}" : json);
    }

    HttpResponse<byte[]> getBytes(String path, String token) {
        HttpRequest r = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(60)).GET().build();
        try {
            return CLIENT.send(r, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
