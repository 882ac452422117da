package io.custos.admin.it;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.util.List;
import java.util.Map;

/** JSON reading for assertions (nimbus-jose-jwt's parser; the test needs no other JSON library). */
final class Json {
    private Json() {
    }

    static Map<String, Object> object(String text) {
        try {
            return JSONObjectUtils.parse(text);
        } catch (ParseException e) {
            throw new AssertionError("not a JSON object: " + text, e);
        }
    }

    static List<Object> array(String text) {
        try {
            return JSONArrayUtils.parse(text);
        } catch (ParseException e) {
            throw new AssertionError("not a JSON array: " + text, e);
        }
    }

    static long num(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).longValue();
    }
}
