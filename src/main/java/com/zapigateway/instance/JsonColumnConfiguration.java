package com.zapigateway.instance;

import org.hibernate.cfg.MappingSettings;
import org.hibernate.type.format.jackson.Jackson3JsonFormatMapper;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Hibernate reads the JSON column ({@link Instance#getZapiRequest()}) with the
 * application's {@link JsonMapper}, the one that writes it ({@link Instances#store}).
 * Hibernate's own Jackson 3 mapper is built with Jackson 2's defaults, among them buffers
 * recycled per thread: with a virtual thread per request, every status read allocated a
 * new set of parser buffers (12 % of a read's allocations in a profile, see
 * docs/benchmarks.md).
 */
@Configuration(proxyBeanMethods = false)
class JsonColumnConfiguration {

	@Bean
	HibernatePropertiesCustomizer jsonColumnsThroughTheApplicationMapper(JsonMapper jsonMapper) {
		return (properties) -> properties.put(MappingSettings.JSON_FORMAT_MAPPER,
				new Jackson3JsonFormatMapper(jsonMapper));
	}

}
