package com.example.deviceerp.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.LocalDate;

/** A conformity certificate (CE, NMPA registration) of a device model. */
@Entity
@Table(name = "CERTIFICATE")
public class ConformityCertificate {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "CERTIFICATE_seq")
    @SequenceGenerator(name = "CERTIFICATE_seq", sequenceName = "CERTIFICATE_SEQ", allocationSize = 50)
    private Long id;

    @Column(name = "CERTIFICATE_NUMBER", length = 40)
    private String certificateNumber;

    @Column(name = "DEVICE_MODEL", length = 60)
    private String deviceModel;

    @Column(name = "NOTIFIED_BODY", length = 100)
    private String notifiedBody;

    @Column(name = "FINDINGS", length = 1000)
    private String findings;

    @Column(name = "VALID_UNTIL")
    private LocalDate validUntil;

    public ConformityCertificate() {
    }

    public Long getId() {
        return id;
    }

    public String getCertificateNumber() {
        return certificateNumber;
    }

    public void setCertificateNumber(String certificateNumber) {
        this.certificateNumber = certificateNumber;
    }

    public String getDeviceModel() {
        return deviceModel;
    }

    public void setDeviceModel(String deviceModel) {
        this.deviceModel = deviceModel;
    }

    public String getNotifiedBody() {
        return notifiedBody;
    }

    public void setNotifiedBody(String notifiedBody) {
        this.notifiedBody = notifiedBody;
    }

    public String getFindings() {
        return findings;
    }

    public void setFindings(String findings) {
        this.findings = findings;
    }

    public LocalDate getValidUntil() {
        return validUntil;
    }

    public void setValidUntil(LocalDate validUntil) {
        this.validUntil = validUntil;
    }
}
