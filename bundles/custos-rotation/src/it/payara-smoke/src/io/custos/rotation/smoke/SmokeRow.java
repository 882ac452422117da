package io.custos.rotation.smoke;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "SMOKE_ROW")
public class SmokeRow {
    @Id
    private Long id;
    @Column(name = "NAME", length = 120)
    private String name;
    @Column(name = "CODE", length = 60)
    private String code;

    public SmokeRow() {
    }

    public SmokeRow(long id, String name, String code) {
        this.id = id;
        this.name = name;
        this.code = code;
    }

    public String getName() {
        return name;
    }

    public String getCode() {
        return code;
    }
}
