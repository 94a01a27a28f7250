package com.zapigateway.connection;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway paces QR codes, bound from {@code gateway.connection.*}
 * ({@code GATEWAY_CONNECTION_QRCODEINTERVAL}, ...). Z-API invalidates a QR code every 20
 * s, asks callers to poll every 10 to 20 s and to stop after 3 codes nobody scanned.
 *
 * @param qrCodeInterval a QR code request within this long of the last code Z-API gave is
 * answered that code again from memory (1 s to 20 s: a code older than 20 s no longer
 * scans)
 * @param maxQrCodes how many codes one flow gets from Z-API without a phone connecting;
 * then 429 {@code qr-code-limit} until a request with {@code ?restart=true}
 * @param qrFlowExpiry a flow whose last code is older than this is forgotten (the next
 * request starts a new one); longer than {@code qrCodeInterval}
 * @param maxQrFlows how many instances' flows one replica keeps at most (the least
 * recently used is forgotten first); each keeps its last image (a few KB)
 */
@Validated
@ConfigurationProperties("gateway.connection")
record ConnectionProperties(@DefaultValue("10s") @NotNull Duration qrCodeInterval,
		@DefaultValue("3") @Min(1) @Max(20) int maxQrCodes, @DefaultValue("10m") @NotNull Duration qrFlowExpiry,
		@DefaultValue("1000") @Min(1) @Max(100_000) int maxQrFlows) {

	@AssertTrue(message = "gateway.connection.qr-code-interval (GATEWAY_CONNECTION_QRCODEINTERVAL)"
			+ " must be between 1s and 20s")
	boolean isQrCodeIntervalValid() {
		// null fails @NotNull, named there
		return this.qrCodeInterval == null || (this.qrCodeInterval.compareTo(Duration.ofSeconds(1)) >= 0
				&& this.qrCodeInterval.compareTo(Duration.ofSeconds(20)) <= 0);
	}

	@AssertTrue(message = "gateway.connection.qr-flow-expiry (GATEWAY_CONNECTION_QRFLOWEXPIRY)"
			+ " must be longer than gateway.connection.qr-code-interval")
	boolean isQrFlowExpiryValid() {
		return this.qrFlowExpiry == null || this.qrCodeInterval == null
				|| this.qrFlowExpiry.compareTo(this.qrCodeInterval) > 0;
	}

}
