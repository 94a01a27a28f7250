package com.zapigateway.zapi;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Z-API's answer to a QR code request: the code as PNG bytes, or that the instance is
 * already connected (Z-API gives no code then).
 *
 * @param png the image, empty when {@code alreadyConnected}
 * @param alreadyConnected whether Z-API said a phone is already connected
 */
public record ZapiQrCode(byte[] png, boolean alreadyConnected) {

	public static ZapiQrCode of(byte[] png) {
		return new ZapiQrCode(png.clone(), false);
	}

	public static ZapiQrCode connected() {
		return new ZapiQrCode(new byte[0], true);
	}

	/** By content: a record compares arrays by identity. */
	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof ZapiQrCode that && this.alreadyConnected == that.alreadyConnected
				&& Arrays.equals(this.png, that.png);
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(this.png) + Boolean.hashCode(this.alreadyConnected);
	}

	@Override
	public String toString() {
		return "ZapiQrCode[png=" + this.png.length + " bytes, alreadyConnected=" + this.alreadyConnected + "]";
	}

}
