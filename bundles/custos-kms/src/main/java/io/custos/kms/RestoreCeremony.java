package io.custos.kms;

import io.custos.api.error.CryptoException;

/**
 * Restores a backup into an empty key store under dual control: a key custodian opens the ceremony, security
 * officers other than that custodian approve it, custodians present at least the threshold of shares, and
 * the requester completes it. Nothing is written before {@link #complete(Actor)}.
 *
 * <h2>Security guarantees</h2>
 * Shares are combined only inside {@link #complete(Actor)} and wiped afterwards; the requester can never
 * approve. The restored key-encryption keys are sealed under this instance's root-key provider.
 */
@org.osgi.annotation.versioning.ProviderType
public interface RestoreCeremony extends AutoCloseable {

    /** The backup being restored. */
    String backupId();

    /** The principal who opened the ceremony. */
    String requestedBy();

    /**
     * Records a security officer's approval.
     *
     * @throws DutyViolationException if the actor is not a security officer or opened the ceremony
     * @throws KmsRequestException    if the ceremony is finished or the officer approved already
     */
    void approve(Actor officer) throws CryptoException;

    /**
     * Adds a custodian's share (the ceremony takes ownership of it).
     *
     * @throws DutyViolationException if the actor is not a key custodian
     * @throws BackupException        if the share belongs to another backup or duplicates an index
     */
    void addShare(Actor custodian, BackupShare share) throws CryptoException;

    /**
     * Opens the archive and writes every key in one transaction.
     *
     * @return the number of keys restored
     * @throws DutyViolationException if the actor is not the requester
     * @throws KmsRequestException    if approvals or shares are missing (CUSTOS-3113)
     * @throws BackupException        if the shares do not open the archive or the store is not empty
     * @throws CryptoException        if the store or the root-key provider fails
     */
    int complete(Actor requester) throws CryptoException;

    /** Wipes the shares collected so far. */
    @Override
    void close();
}
