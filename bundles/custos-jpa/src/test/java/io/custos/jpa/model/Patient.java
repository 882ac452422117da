package io.custos.jpa.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.LocalDate;

@Entity
@Table(name = "PATIENT")
public class Patient {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "patient_seq")
    @SequenceGenerator(name = "patient_seq", sequenceName = "PATIENT_SEQ", allocationSize = 20)
    private Long id;

    @Column(name = "NAME", length = 100)
    private String name;

    @Column(name = "NATIONAL_ID", length = 40)
    private String nationalId;

    @Column(name = "BIRTH_DATE")
    private LocalDate birthDate;

    @Column(name = "DIAGNOSIS", length = 300)
    private String diagnosis;

    @Column(name = "CITY", length = 60)
    private String city;

    @Column(name = "SCAN", length = 400)
    private byte[] scan;

    @Version
    private int version;

    public Patient() {
    }

    public Patient(String name, String nationalId, LocalDate birthDate, String diagnosis, String city) {
        this.name = name;
        this.nationalId = nationalId;
        this.birthDate = birthDate;
        this.diagnosis = diagnosis;
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

    public String getNationalId() {
        return nationalId;
    }

    public LocalDate getBirthDate() {
        return birthDate;
    }

    public String getDiagnosis() {
        return diagnosis;
    }

    public void setDiagnosis(String diagnosis) {
        this.diagnosis = diagnosis;
    }

    public byte[] getScan() {
        return scan;
    }

    public void setScan(byte[] scan) {
        this.scan = scan;
    }

    public String getCity() {
        return city;
    }

    public void setCity(String city) {
        this.city = city;
    }
}
