package io.purposegate.democrm.customer;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One line of an order. */
public record OrderItem(String sku, String name, int quantity, @JsonProperty("unit_price") BigDecimal unitPrice) {
}
