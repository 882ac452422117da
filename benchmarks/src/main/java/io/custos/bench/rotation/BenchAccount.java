package io.custos.bench.rotation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** The sample entity of the re-encryption benchmark: two protected fields (randomized + blind index, deterministic). */
@Entity
@Table(name = "ROT_BENCH")
public class BenchAccount {
    @Id
    private Long id;
    @Column(name = "NAME", length = 120)
    private String name;
    @Column(name = "CODE", length = 60)
    private String code;
    @Column(name = "CITY", length = 60)
    private String city;
    @Version
    private int version;

    public BenchAccount() {
    }

    public Long getId() {
        return id;
    }

    public void setName(String name) {
        this.name = name;
    }
}
