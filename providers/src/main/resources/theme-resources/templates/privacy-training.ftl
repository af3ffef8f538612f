<#-- PurposeGate staff privacy-training attestation (required action privacy-training). -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=true; section>
    <#if section = "header">
        ${msg("purposegateTrainingTitle")}
    <#elseif section = "form">
    <form id="purposegate-training" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
        <p>${msg("purposegateTrainingText")}</p>
        <div class="${properties.kcCheckboxClass!}">
            <input type="checkbox" class="${properties.kcCheckboxInputClass!}" id="attest" name="attest" value="yes" required>
            <label class="${properties.kcCheckboxLabelClass!}" for="attest">${msg("purposegateTrainingAttest")}</label>
        </div>
        <div class="${properties.kcFormGroupClass!}">
            <div class="${properties.kcFormActionGroupClass!}">
                <button type="submit" id="purposegate-attest" class="${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("purposegateTrainingSubmit")}</button>
            </div>
        </div>
    </form>
    </#if>
</@layout.registrationLayout>
