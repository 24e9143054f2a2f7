package org.practicehub.web;

import org.practicehub.i18n.Messages;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.messageresolver.AbstractMessageResolver;

/**
 * Thymeleaf's {@code #{key}} from the hub's member bundles ({@link Messages}: several basenames, the page's language,
 * then English), rather than Thymeleaf's default of a properties file beside each template: one set of texts serves
 * the pages and the mails.
 */
final class BundleMessages extends AbstractMessageResolver {

    private final Messages messages;

    BundleMessages(Messages messages) {
        this.messages = messages;
        setName("hub-bundles");
    }

    @Override
    public String resolveMessage(ITemplateContext context, Class<?> origin, String key, Object[] params) {
        String lang = context.getLocale() == null ? null : context.getLocale().getLanguage();
        return messages.raw(lang, key) == null ? null : messages.get(lang, key, params);
    }

    @Override
    public String createAbsentMessageRepresentation(ITemplateContext context, Class<?> origin, String key, Object[] params) {
        return "??" + key + "??";
    }
}
