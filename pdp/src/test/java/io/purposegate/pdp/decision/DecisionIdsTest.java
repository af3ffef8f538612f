package io.purposegate.pdp.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class DecisionIdsTest {

    @Test
    void idsAreVersion7WithTheRfcVariant() {
        UUID id = DecisionIds.next();

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
    }

    @Test
    void idsSortByTheirTime() {
        UUID earlier = DecisionIds.at(1_764_374_400_000L);
        UUID later = DecisionIds.at(1_764_374_400_001L);

        assertThat(earlier.toString()).isLessThan(later.toString());
        assertThat(earlier.getMostSignificantBits() >>> 16).isEqualTo(1_764_374_400_000L);
    }

    @Test
    void idsAreUnique() {
        assertThat(DecisionIds.at(1L)).isNotEqualTo(DecisionIds.at(1L));
    }
}
