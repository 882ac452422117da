package io.custos.bench.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** A patient-like row with five sensitive text fields; plain, or protected by Custos through the policy. */
@Entity
@Table(name = "BENCH_ROW")
public class BenchRow {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "bench_row_seq")
    @SequenceGenerator(name = "bench_row_seq", sequenceName = "BENCH_ROW_SEQ", allocationSize = 500)
    private Long id;
    @Column(name = "NAME", length = 100)
    private String name;
    @Column(name = "ID_CARD", length = 30)
    private String idCard;
    @Column(name = "PHONE", length = 30)
    private String phone;
    @Column(name = "ADDRESS", length = 150)
    private String address;
    @Column(name = "DIAGNOSIS", length = 150)
    private String diagnosis;
    @Column(name = "HOSPITAL", length = 60)
    private String hospital;

    public BenchRow() {
    }

    public BenchRow(String name, String idCard, String phone, String address, String diagnosis, String hospital) {
        this.name = name;
        this.idCard = idCard;
        this.phone = phone;
        this.address = address;
        this.diagnosis = diagnosis;
        this.hospital = hospital;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getDiagnosis() {
        return diagnosis;
    }
}
