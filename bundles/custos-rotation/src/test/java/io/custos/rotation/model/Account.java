package io.custos.rotation.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** The test entity: a randomized, row-bound field with a blind index (legacy accepted) and a deterministic one. */
@Entity
@Table(name = "ROT_ACCOUNT")
public class Account {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "rot_account_seq")
    @SequenceGenerator(name = "rot_account_seq", sequenceName = "ROT_ACCOUNT_SEQ", allocationSize = 50)
    private Long id;

    @Column(name = "NAME", length = 120)
    private String name;

    @Column(name = "CODE", length = 60)
    private String code;

    @Column(name = "CITY", length = 60)
    private String city;

    @Version
    private int version;

    public Account() {
    }

    public Account(String name, String code, String city) {
        this.name = name;
        this.code = code;
        this.city = city;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getCode() {
        return code;
    }

    public void setCode(String code) {
        this.code = code;
    }

    public String getCity() {
        return city;
    }
}
