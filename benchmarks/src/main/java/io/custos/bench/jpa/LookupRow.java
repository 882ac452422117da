package io.custos.bench.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** Rows looked up by an indexed code: plain, or deterministic under Custos. */
@Entity
@Table(name = "BENCH_LOOKUP", indexes = @Index(name = "IX_BENCH_LOOKUP_CODE", columnList = "CODE"))
public class LookupRow {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "lookup_seq")
    @SequenceGenerator(name = "lookup_seq", sequenceName = "BENCH_LOOKUP_SEQ", allocationSize = 1000)
    private Long id;
    @Column(name = "CODE", length = 40)
    private String code;
    @Column(name = "NOTE", length = 40)
    private String note;

    public LookupRow() {
    }

    public LookupRow(String code, String note) {
        this.code = code;
        this.note = note;
    }

    public String getCode() {
        return code;
    }
}
