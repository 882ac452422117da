package io.custos.jpa.internal;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;

/**
 * A map from objects, compared by identity and held weakly, to values. Entities may define
 * {@code equals} by id, which would make a managed entity equal to its masked view; identity avoids it.
 */
final class WeakIdentityMap<V> {
    private final ReferenceQueue<Object> queue = new ReferenceQueue<>();
    private final Map<Key, V> map = new HashMap<>();

    synchronized void put(Object key, V value) {
        expunge();
        map.put(new Key(key, queue), value);
    }

    synchronized V get(Object key) {
        if (map.isEmpty()) {
            return null;
        }
        expunge();
        return map.get(new Key(key, null));
    }

    synchronized int size() {
        expunge();
        return map.size();
    }

    private void expunge() {
        for (Object ref; (ref = queue.poll()) != null; ) {
            map.remove(ref);
        }
    }

    private static final class Key extends WeakReference<Object> {
        private final int hash;

        Key(Object referent, ReferenceQueue<Object> queue) {
            super(referent, queue);
            this.hash = System.identityHashCode(referent);
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (!(o instanceof Key k) || k.hash != hash) {
                return false;
            }
            Object mine = get();
            return mine != null && mine == k.get();
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
