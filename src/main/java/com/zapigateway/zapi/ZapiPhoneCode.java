package com.zapigateway.zapi;

/**
 * Z-API's answer to a phone code request: the code to type into WhatsApp, or that the
 * instance is already connected (Z-API gives no code then).
 *
 * @param code the code, empty when {@code alreadyConnected}
 * @param alreadyConnected whether Z-API said a phone is already connected
 */
public record ZapiPhoneCode(String code, boolean alreadyConnected) {

	public static ZapiPhoneCode of(String code) {
		return new ZapiPhoneCode(code, false);
	}

	public static ZapiPhoneCode connected() {
		return new ZapiPhoneCode("", true);
	}

}
