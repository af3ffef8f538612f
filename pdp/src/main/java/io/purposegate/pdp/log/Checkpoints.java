package io.purposegate.pdp.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;

import io.purposegate.pdp.store.Database;

/**
 * Signed checkpoints of the chain: the head (newest entry's seq and hash) and the anchor, signed by the
 * PDP's {@link CheckpointKey} as a compact JWS (ES256, {@code typ: purposegate-log-checkpoint+jwt}) and
 * stored in {@code decision_log_checkpoint}. Whoever changes the database without the key cannot make a
 * truncated tail, a rewritten chain or a moved anchor agree with them.
 */
final class Checkpoints {

    static final JOSEObjectType TYPE = new JOSEObjectType("purposegate-log-checkpoint+jwt");
    private static final Logger LOG = Logger.getLogger(Checkpoints.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a checkpoint signs. */
    record Claims(long seq, String hash, @JsonProperty("anchor_seq") long anchorSeq, @JsonProperty("anchor_hash") String anchorHash,
            long iat) {
    }

    /** A stored checkpoint, as {@code GET /v1/decisions/checkpoints} lists it. */
    public record Checkpoint(long id, long seq, String hash, @JsonProperty("anchor_seq") long anchorSeq,
            @JsonProperty("anchor_hash") String anchorHash, @JsonProperty("time_ms") long timeMs, String kid, String jws) {
    }

    private final Database database;
    private final CheckpointKey key;
    private volatile Checkpoint lastSigned;

    Checkpoints(Database database, CheckpointKey key) {
        this.database = database;
        this.key = key;
    }

    CheckpointKey key() {
        return key;
    }

    /** Signs the current head and anchor unless the newest checkpoint already says the same; returns whether it signed. */
    boolean sign() throws SQLException {
        return database.withConnection(connection -> {
            connection.setAutoCommit(false);
            try {
                Checkpoint signed = signIn(connection);
                connection.commit();
                remember(signed);
                return signed != null;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        });
    }

    /**
     * {@link #sign()} within the caller's transaction (retention signs the anchor it moves in the same one),
     * who {@linkplain #remember remembers} it once committed; null when there was nothing new to sign.
     */
    Checkpoint signIn(Connection connection) throws SQLException {
        RowStore.Head head = RowStore.head(connection);
        RowStore.Head anchor = anchor(connection);
        Checkpoint newest = newest(connection);
        if (newest != null && newest.seq() == head.seq() && newest.hash().equals(head.hash()) && newest.anchorSeq() == anchor.seq()
                && newest.anchorHash().equals(anchor.hash())) {
            return null;
        }
        long now = System.currentTimeMillis();
        Claims claims = new Claims(head.seq(), head.hash(), anchor.seq(), anchor.hash(), now / 1000);
        String jws;
        try {
            JWSObject object = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).type(TYPE).keyID(key.keyId()).build(),
                    new Payload(JSON.writeValueAsString(claims)));
            object.sign(new ECDSASigner(key.privateKey()));
            jws = object.serialize();
        } catch (JOSEException | JsonProcessingException e) {
            throw new IllegalStateException("cannot sign a decision-log checkpoint", e);
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO decision_log_checkpoint (id, created_ms, seq, hash, anchor_seq, anchor_hash, kid, jws)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, newest == null ? 1 : newest.id() + 1);
            insert.setLong(2, now);
            insert.setLong(3, head.seq());
            insert.setString(4, head.hash());
            insert.setLong(5, anchor.seq());
            insert.setString(6, anchor.hash());
            insert.setString(7, key.keyId());
            insert.setString(8, jws);
            insert.executeUpdate();
        }
        return new Checkpoint(newest == null ? 1 : newest.id() + 1, head.seq(), head.hash(), anchor.seq(), anchor.hash(), now,
                key.keyId(), jws);
    }

    /** The newest checkpoint this PDP signed and committed since it started: deleting it from the database does not hide it. */
    void remember(Checkpoint signed) {
        if (signed != null) {
            synchronized (this) {
                if (lastSigned == null || signed.id() > lastSigned.id()) {
                    lastSigned = signed;
                }
            }
        }
    }

    /** The newest checkpoint in the database, or the newest this PDP signed when the database lost it. */
    Checkpoint newestKnown(Connection connection) throws SQLException {
        Checkpoint stored = newest(connection);
        Checkpoint signed = lastSigned;
        return signed != null && (stored == null || stored.id() < signed.id()) ? signed : stored;
    }

    static RowStore.Head anchor(Connection connection) throws SQLException {
        try (PreparedStatement anchor = connection.prepareStatement("SELECT seq, hash FROM decision_log_anchor WHERE id = 1");
                ResultSet row = anchor.executeQuery()) {
            return row.next() ? new RowStore.Head(row.getLong(1), row.getString(2)) : new RowStore.Head(0, ChainHash.GENESIS);
        }
    }

    static Checkpoint newest(Connection connection) throws SQLException {
        List<Checkpoint> newest = list(connection, 1, null);
        return newest.isEmpty() ? null : newest.get(0);
    }

    /** Newest first; {@code anchorSeq} set: only those that sign that anchor. */
    static List<Checkpoint> list(Connection connection, int limit, Long anchorSeq) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT id, seq, hash, anchor_seq, anchor_hash, created_ms, kid, jws FROM decision_log_checkpoint"
                        + (anchorSeq == null ? "" : " WHERE anchor_seq = ?") + " ORDER BY id DESC LIMIT ?")) {
            int i = 1;
            if (anchorSeq != null) {
                query.setLong(i++, anchorSeq);
            }
            query.setInt(i, limit);
            List<Checkpoint> checkpoints = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    checkpoints.add(new Checkpoint(rows.getLong(1), rows.getLong(2), rows.getString(3), rows.getLong(4),
                            rows.getString(5), rows.getLong(6), rows.getString(7), rows.getString(8)));
                }
            }
            return checkpoints;
        }
    }

    List<Checkpoint> list(int limit) throws SQLException {
        return database.withConnection(connection -> list(connection, limit, null));
    }

    /**
     * The checkpoint's signature is this PDP key's and its signed claims are the stored columns; else
     * why not (for verify's report).
     */
    String problemOf(Checkpoint checkpoint) {
        try {
            JWSObject object = JWSObject.parse(checkpoint.jws());
            if (!JWSAlgorithm.ES256.equals(object.getHeader().getAlgorithm()) || !TYPE.equals(object.getHeader().getType())
                    || !key.keyId().equals(object.getHeader().getKeyID())) {
                return "checkpoint " + checkpoint.id() + " is not signed with this PDP's checkpoint key";
            }
            if (!object.verify(new ECDSAVerifier(key.publicKey()))) {
                return "checkpoint " + checkpoint.id() + " has a forged signature";
            }
            Claims claims = JSON.readValue(object.getPayload().toString(), Claims.class);
            if (claims.seq() != checkpoint.seq() || !claims.hash().equals(checkpoint.hash())
                    || claims.anchorSeq() != checkpoint.anchorSeq() || !claims.anchorHash().equals(checkpoint.anchorHash())) {
                return "checkpoint " + checkpoint.id() + " does not match what it signed";
            }
            return null;
        } catch (ParseException | JOSEException | JsonProcessingException | RuntimeException e) {
            LOG.debugf("checkpoint %d unreadable: %s", checkpoint.id(), e.getClass().getSimpleName());
            return "checkpoint " + checkpoint.id() + " is not a readable signed checkpoint";
        }
    }

    /** For the verify answer: which checkpoint the chain was checked against. */
    static Map<String, Object> summary(Checkpoint checkpoint) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("id", checkpoint.id());
        summary.put("seq", checkpoint.seq());
        summary.put("time_ms", checkpoint.timeMs());
        summary.put("kid", checkpoint.kid());
        return summary;
    }
}
