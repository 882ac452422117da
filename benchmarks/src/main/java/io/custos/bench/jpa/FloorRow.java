package io.custos.bench.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** The same row, its five fields through the minimal per-field AES-GCM converter (the floor). */
@Entity
@Table(name = "BENCH_ROW")
public class FloorRow {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "floor_row_seq")
    @SequenceGenerator(name = "floor_row_seq", sequenceName = "BENCH_ROW_SEQ", allocationSize = 500)
    private Long id;
    @Convert(converter = GcmFloorConverter.class)
    @Column(name = "NAME", length = 400)
    private String name;
    @Convert(converter = GcmFloorConverter.class)
    @Column(name = "ID_CARD", length = 400)
    private String idCard;
    @Convert(converter = GcmFloorConverter.class)
    @Column(name = "PHONE", length = 400)
    private String phone;
    @Convert(converter = GcmFloorConverter.class)
    @Column(name = "ADDRESS", length = 400)
    private String address;
    @Convert(converter = GcmFloorConverter.class)
    @Column(name = "DIAGNOSIS", length = 400)
    private String diagnosis;
    @Column(name = "HOSPITAL", length = 60)
    private String hospital;

    public FloorRow() {
    }

    public FloorRow(String name, String idCard, String phone, String address, String diagnosis, String hospital) {
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
}
