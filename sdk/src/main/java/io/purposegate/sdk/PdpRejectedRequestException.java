package io.purposegate.sdk;

/**
 * The PDP refused to decide: the caller's token is not valid (401) or the request was not
 * acceptable (400). The status and the PDP's problem detail are passed on to the caller.
 */
public class PdpRejectedRequestException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String detail;

    public PdpRejectedRequestException(int status, String detail) {
        super("the PDP rejected the request with HTTP " + status);
        this.status = status;
        this.detail = detail;
    }

    public int status() {
        return status;
    }

    public String detail() {
        return detail;
    }
}
